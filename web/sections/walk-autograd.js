// Walkthrough section: autograd (text in i18n walk.sections.autograd).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.autograd", ["p1", "p2", "@graph", "p3", "p4", "@value-steps", "p5"]);
