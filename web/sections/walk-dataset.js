// Walkthrough section: dataset (text in i18n walk.sections.dataset).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.dataset", ["p1", "p2", "@dataset", "p3"]);
