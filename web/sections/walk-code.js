// Walkthrough section: your turn, the code lab (text in i18n walk.sections.code; the widget is
// widgets/code-lab.js).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.code", ["p1", "p2", "@code-lab", "p3"]);
