// Walkthrough section: sampling (text in i18n walk2.sections.sampling).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk2.sections.sampling", ["p1", "p2", "@temperature", "p3", "@generate", "p4"]);
