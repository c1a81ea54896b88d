/**
 * Builds a value on first use and keeps it for the life of the Lambda execution environment
 * (the container), so adapters and the warm browser are shared by every later invocation
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html, "Invoke").
 * A failed build is forgotten, so the next invocation tries again instead of failing forever.
 */
export function perContainer<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= build().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}
