// Child process: measures one figure and prints { ours, baseline, extra? } as JSON on its last line.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, id] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const { default: figures } = await import(join(here, 'figures', file));
const figure = figures.find((f) => f.id === id);
const measured = await figure.measure();
console.log(JSON.stringify(measured));
// Figures close what they open; exit explicitly so one leaked handle cannot stall the run.
process.exit(0);
