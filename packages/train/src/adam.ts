// Adam (Kingma and Ba, 2015) over Float32Array parameters, with the moments
// kept in float64 so long runs do not drift from float32 rounding.

export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export class Adam {
  private readonly firstMoments: Float64Array[];
  private readonly secondMoments: Float64Array[];
  private step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(
    private readonly parameters: readonly Float32Array[],
    private readonly options: AdamOptions,
  ) {
    this.firstMoments = parameters.map((values) => new Float64Array(values.length));
    this.secondMoments = parameters.map((values) => new Float64Array(values.length));
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** Applies one update; `gradients[i]` matches `parameters[i]` element for element. */
  update(gradients: readonly Float32Array[]): void {
    this.step++;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    const rate = this.options.learningRate;

    this.parameters.forEach((values, index) => {
      const gradient = gradients[index];
      const first = this.firstMoments[index];
      const second = this.secondMoments[index];
      for (let i = 0; i < values.length; i++) {
        const g = gradient[i];
        first[i] = beta1 * first[i] + (1 - beta1) * g;
        second[i] = beta2 * second[i] + (1 - beta2) * g * g;
        values[i] -= (rate * (first[i] / correction1)) / (Math.sqrt(second[i] / correction2) + epsilon);
      }
    });
  }
}
