import { scan } from './dist/scan/scanner.js';
const mb = () => { global.gc(); return (process.memoryUsage().heapUsed >> 20) + 'MB'; };
console.log('start', mb());
const r = await scan('/tmp/big', {});
console.log('after scan', mb(), 'packages', r.packages.length, 'findings', r.findings.length);
const p = r.packages[5]; console.log(JSON.stringify(p).length, Object.keys(p));
console.log(JSON.stringify(r.findings[0]).length);
