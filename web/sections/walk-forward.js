// Walkthrough section: forward (text in i18n walk.sections.forward).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.forward", ["p1", "@pipeline", "p2", "p3", "@forward-steps", "p4", "params", "@param-bar"]);
