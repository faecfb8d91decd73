// Walkthrough section: forward (text in i18n walk2.sections.forward).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk2.sections.forward", ["p1", "@pipeline", "p2", "p3", "@forward-steps", "p4"]);
