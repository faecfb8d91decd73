// Walkthrough section: attention (text in i18n walk.sections.attention).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.attention", ["p1", "p2", "cache", "@attention", "p3", "p4"]);
