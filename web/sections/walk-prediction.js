// Walkthrough section: prediction (text in i18n walk.sections.prediction).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.prediction", ["p1", "p2", "@prediction", "p3"]);
