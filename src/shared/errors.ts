/**
 * The one base class of the product's errors: it names the error after its class, so a log
 * line, a test or an `instanceof` check can tell them apart without each class repeating
 * `this.name = …`.
 */
export class FactoringError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
