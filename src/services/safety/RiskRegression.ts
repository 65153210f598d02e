/**
 * The crisis signal's model: multinomial logistic regression over a message's word stems and pairs of neighbouring
 * stems, trained at start-up from labelled examples (crisis categories, "ordinary", "negated").
 *
 * Chosen over the NLP.js neural classifier for this one job because its probabilities mean something: NLP.js gave
 * 1.000 or 0.000 to most messages, ordinary or not, so no threshold could separate them. Training is deterministic
 * (fixed example order, no random start) and takes well under a second for a few thousand examples; scoring a
 * message is a sum of a few dozen weights.
 */

import { cacheFile, readCached, trainingInput, writeCached, type CacheDir, type Examples } from '../nlu/modelCache';

export interface RegressionOptions {
  /** Passes over the examples. */
  epochs?: number;
  /** Step size of stochastic gradient descent. */
  rate?: number;
  /** L2 penalty on the weights, against leaning on words seen once. */
  l2?: number;
}

const DEFAULTS: Required<RegressionOptions> = { epochs: 30, rate: 0.1, l2: 1e-4 };

/** Bump when the way examples become weights changes, so models kept on disk are not reused. */
const TRAINING_VERSION = '1';
/** The start of a kept model's file: what it is and its layout's version. */
const MAGIC = 'signpost-risk-regression/1';

/** Word stems and pairs of neighbouring stems: the features of one message. */
export function stemFeatures(stems: readonly string[]): string[] {
  const features = new Set(stems.map((s) => `u:${s}`));
  for (let i = 1; i < stems.length; i++) features.add(`b:${stems[i - 1]} ${stems[i]}`);
  return [...features];
}

export class RiskRegression {
  private constructor(
    private readonly labels: readonly string[],
    /** feature -> its row in weights */
    private readonly index: ReadonlyMap<string, number>,
    /** one row of labels.length weights per feature */
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {}

  /** @param examples label -> the features of each example */
  static train(examples: Record<string, string[][]>, options: RegressionOptions = {}): RiskRegression {
    const { epochs, rate, l2 } = { ...DEFAULTS, ...options };
    const labels = Object.keys(examples).sort();
    const index = new Map<string, number>();
    const rowOf = (feature: string) => {
      let row = index.get(feature);
      if (row === undefined) index.set(feature, (row = index.size));
      return row;
    };
    const data = labels.flatMap((label, y) => examples[label].filter((x) => x.length > 0).map((x) => ({ rows: Int32Array.from(x, rowOf), y })));
    const k = labels.length;
    const weights = new Float64Array(index.size * k);
    const bias = new Float64Array(k);
    const model = new RiskRegression(labels, index, weights, bias);
    const p = new Float64Array(k);
    // A fixed stride through the examples each epoch: every example once, in an order that mixes the labels, the same
    // order every run.
    const stride = coprimeStride(data.length);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = 0; i < data.length; i++) {
        const { rows, y } = data[(i * stride + epoch) % data.length];
        model.scoreRows(rows, p);
        for (let c = 0; c < k; c++) {
          const gradient = p[c] - (c === y ? 1 : 0);
          bias[c] -= rate * gradient;
          for (const row of rows) {
            const at = row * k + c;
            weights[at] -= rate * (gradient + l2 * weights[at]);
          }
        }
      }
    }
    return model;
  }

  /**
   * The model these examples train, from the trained-model cache when the same examples and options trained it
   * before (training is about a second for the crisis examples; loading, a few milliseconds). Bit for bit the same
   * weights either way. With `inputsKey` (a digest of everything that decides the examples), the cache is keyed by it
   * and the examples are made only when there is training to do.
   */
  static trainOrLoad(examples: Examples<Record<string, string[][]>>, options: RegressionOptions & { cacheDir?: CacheDir; inputsKey?: string } = {}): { model: RiskRegression; fromCache: boolean } {
    const { cacheDir, inputsKey, ...training } = options;
    const input = trainingInput(examples, inputsKey);
    const file = cacheFile(cacheDir, 'risk-regression', 'bin', TRAINING_VERSION, JSON.stringify({ ...DEFAULTS, ...training }), input.key);
    const loaded = RiskRegression.fromBytes(readCached(file));
    if (loaded) return { model: loaded, fromCache: true };
    const model = RiskRegression.train(input.examples(), training);
    writeCached(file, model.toBytes());
    return { model, fromCache: false };
  }

  /** The model as bytes: a JSON header (labels, features in row order), then the bias and weights as float64. */
  private toBytes(): Buffer {
    const header = Buffer.from(JSON.stringify({ magic: MAGIC, labels: this.labels, features: [...this.index.keys()] }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    return Buffer.concat([length, header, Buffer.from(this.bias.buffer, this.bias.byteOffset, this.bias.byteLength), Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength)]);
  }

  /** The model from toBytes's bytes, or undefined for anything else (missing, damaged, another layout). */
  private static fromBytes(data: Buffer | undefined): RiskRegression | undefined {
    try {
      if (!data || data.length < 4) return undefined;
      const headerLength = data.readUInt32LE(0);
      const header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8')) as { magic?: unknown; labels?: unknown; features?: unknown };
      const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
      if (header.magic !== MAGIC || !strings(header.labels) || !strings(header.features)) return undefined;
      const k = header.labels.length;
      const numbers = data.subarray(4 + headerLength);
      if (numbers.length !== (k + header.features.length * k) * 8) return undefined;
      // Copied into aligned arrays of their own (the file's bytes may start anywhere).
      const values = new Float64Array(numbers.length / 8);
      new Uint8Array(values.buffer).set(numbers);
      return new RiskRegression(header.labels, new Map(header.features.map((f, row) => [f, row])), values.slice(k), values.slice(0, k));
    } catch {
      return undefined;
    }
  }

  /** Labels with probabilities, best first. */
  classify(features: readonly string[]): { label: string; score: number }[] {
    const rows: number[] = [];
    for (const feature of features) {
      const row = this.index.get(feature);
      if (row !== undefined) rows.push(row);
    }
    const p = new Float64Array(this.labels.length);
    this.scoreRows(rows, p);
    return this.labels.map((label, c) => ({ label, score: p[c] })).sort((a, b) => b.score - a.score);
  }

  /** Softmax of the summed weights of the given feature rows, into p. */
  private scoreRows(rows: ArrayLike<number>, p: Float64Array): void {
    const k = this.labels.length;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let z = this.bias[c];
      for (let i = 0; i < rows.length; i++) z += this.weights[rows[i] * k + c];
      p[c] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += p[c] = Math.exp(p[c] - max);
    for (let c = 0; c < k; c++) p[c] /= sum;
  }
}

/** A step through 0..n-1 that visits every index once: the smallest number above n/2 with no factor in common with n. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (let s = Math.floor(n / 2) + 1; s < n; s++) if (gcd(s, n) === 1) return s;
  return 1;
}
