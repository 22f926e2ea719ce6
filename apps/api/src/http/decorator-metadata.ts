const probe = (): MethodDecorator => () => undefined;

class ProbeValue {}

class MetadataProbe {
  @probe()
  take(_value: ProbeValue): void {}
}

/**
 * Request validation finds each DTO class through TypeScript's decorator
 * metadata. A build without it (tsx, esbuild) would start and silently skip
 * validation, so refuse to start instead.
 */
export function assertDecoratorMetadata(): void {
  const types = Reflect.getMetadata('design:paramtypes', MetadataProbe.prototype, 'take') as unknown[] | undefined;
  if (types?.[0] !== ProbeValue) {
    throw new Error(
      'apps/api was compiled without decorator metadata, so request validation would be skipped; build it with tsc (npx nx run api:build)',
    );
  }
}
