// Walkthrough section: efficiency (text in i18n walk.sections.efficiency).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.efficiency", ["p1", "p2", "@efficiency", "p3"]);
