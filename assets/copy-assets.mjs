// Copies the compiled JavaScript, fonts and images of GOV.UK Frontend and
// MoJ Frontend from node_modules into inclusion_tracker/static/dist/.
import { cpSync, mkdirSync } from "node:fs";

const out = "inclusion_tracker/static/dist";
mkdirSync(out, { recursive: true });
const copies = [
  ["node_modules/govuk-frontend/dist/govuk/assets", `${out}/assets`],
  ["node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk-frontend.min.js`],
  ["node_modules/@ministryofjustice/frontend/moj/assets", `${out}/assets`],
  ["node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js", `${out}/moj-frontend.min.js`],
];
for (const [from, to] of copies) {
  cpSync(from, to, { recursive: true });
}
console.log(`Copied front-end assets to ${out}`);
