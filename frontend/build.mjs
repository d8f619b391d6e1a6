// Builds MASA's static front end into src/masa/core/static/govuk (not committed):
// GOV.UK Frontend compiled with the partnership's font and colours, its JavaScript, and htmx.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/masa/core/static/govuk");
mkdirSync(out, { recursive: true });

const css = compile(join(root, "frontend/masa.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "masa.css"), css.css);

const modules = join(root, "node_modules");
copyFileSync(join(modules, "govuk-frontend/dist/govuk/govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
copyFileSync(join(modules, "htmx.org/dist/htmx.min.js"), join(out, "htmx.min.js"));
console.log(`front end built in ${out}`);
