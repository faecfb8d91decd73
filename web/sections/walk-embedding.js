// Walkthrough section: embedding (text in i18n walk.sections.embedding).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.embedding", ["p1", "p2", "@embedding", "p3"]);
