// Walkthrough section: loss (text in i18n walk1.sections.loss).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk1.sections.loss", ["p1", "@loss", "p2"]);
