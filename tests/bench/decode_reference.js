// The decode a browser dashboard does with a Prometheus query_range body (issue #6,
// target 1, baseline b): JSON.parse, then one Float64Array of times (ms) and one of
// values per series - what Grafana's frame conversion amounts to. Run by
// bench_metrics, not by hand:
//
//   node decode_reference.js <body.json> <repetitions>
//
// Prints one JSON line: the median time of the timed repetitions (file read excluded,
// one untimed warm-up first), and checksums the caller compares with its own decode.
'use strict';
const fs = require('fs');

function decode(text) {
    const doc = JSON.parse(text);
    if (doc.status !== 'success' || doc.data.resultType !== 'matrix')
        throw new Error('not a matrix');
    const out = [];
    for (const s of doc.data.result) {
        const n = s.values.length;
        const times = new Float64Array(n);
        const values = new Float64Array(n);
        for (let i = 0; i < n; ++i) {
            const p = s.values[i];
            times[i] = p[0] * 1000;
            // parseFloat reads "NaN" as NaN and "+Inf"/"-Inf" as neither; Grafana maps
            // them explicitly too.
            const v = p[1];
            values[i] = v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : parseFloat(v);
        }
        out.push({ labels: s.metric, times, values });
    }
    return out;
}

const [file, repsArg] = process.argv.slice(2);
const reps = Math.max(1, parseInt(repsArg || '3', 10));
const text = fs.readFileSync(file, 'utf8');
let result = decode(text); // warm-up: the JIT compiles the loop
const times = [];
for (let r = 0; r < reps; ++r) {
    const t0 = process.hrtime.bigint();
    result = decode(text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
let points = 0, finiteSum = 0, nanCount = 0;
for (const s of result) {
    points += s.values.length;
    for (const v of s.values) {
        if (Number.isNaN(v)) ++nanCount;
        else if (Number.isFinite(v)) finiteSum += v;
    }
}
console.log(JSON.stringify({ medianMs: times[times.length >> 1], series: result.length, points, nanCount, finiteSum }));
