// Walkthrough section: loss (text in i18n walk.sections.loss).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.loss", ["p1", "@loss", "p2"]);
