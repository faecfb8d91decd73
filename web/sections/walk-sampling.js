// Walkthrough section: sampling (text in i18n walk.sections.sampling).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.sampling", ["p1", "p2", "@temperature", "p3", "@generate", "p4"]);
