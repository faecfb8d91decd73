// Walkthrough section: embedding (text in i18n walk2.sections.embedding).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk2.sections.embedding", ["p1", "p2", "@embedding", "p3"]);
