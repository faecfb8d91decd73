// Walkthrough section: tokens (text in i18n walk.sections.tokens).
import { mountSection } from "../walk.js";

export const mount = (root) => mountSection(root, "walk.sections.tokens", ["p1", "p2", "@tokenizer", "p3"]);
