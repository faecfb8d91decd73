// Walkthrough section: learning (text in i18n walk.sections.learning).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.learning", ["p1", "@training", "p2", "@lr-schedule", "@optimiser", "p3", "@train-step", "p4"]);
