import '../components/shipped.js';
import { registerEngine } from './engine.js';

// Every engine registers here; anything that calls getEngine imports this module first (and with it
// the shipped data models, optimizers and regimes the engines run).
registerEngine('tensor', async () => (await import('./tensor/engine.js')).createTensorEngine());
registerEngine('exact', async () => (await import('./exact/engine.js')).createExactEngine());
registerEngine('auto', async () => (await import('./auto.js')).createAutoEngine());
