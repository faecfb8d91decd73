// Walkthrough section: softmax (text in i18n walk.sections.softmax).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.softmax", ["p1", "@softmax", "p2", "p3", "@softmax-steps"]);
