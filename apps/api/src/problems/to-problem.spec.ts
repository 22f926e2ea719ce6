import { NotFoundException } from '@nestjs/common';
import { IllegalStoreTransitionError, ProblemType } from '@storefleet/contracts';

import { DependencyUnavailableError, problems } from './problem.js';
import { toProblem } from './to-problem.js';

describe('toProblem', () => {
  it('passes a ProblemException through with its headers', () => {
    const { problem, headers } = toProblem(problems.limitExceeded('maxCreatesPerHour', 10, 10, 120));
    expect(problem).toMatchObject({
      type: ProblemType.LimitExceeded,
      status: 429,
      limit: 'maxCreatesPerHour',
      max: 10,
      current: 10,
    });
    expect(headers).toEqual({ 'Retry-After': '120' });
  });

  it('makes an illegal store transition a 409 naming the current status', () => {
    expect(toProblem(new IllegalStoreTransitionError('ready', 'provisioning')).problem).toMatchObject({
      type: ProblemType.IllegalTransition,
      status: 409,
      currentStatus: 'ready',
    });
  });

  it.each([
    ['an unreachable database (Prisma P1001)', Object.assign(new Error("Can't reach database server"), { code: 'P1001' })],
    [
      'a driver adapter connection error',
      Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }),
    ],
    ['a pg query timeout', new Error('Query read timeout')],
    ['ioredis without a connection', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['an ioredis timeout', new Error('Command timed out')],
    ['a dependency deadline', new DependencyUnavailableError('redis')],
  ])('answers 503 with Retry-After for %s', (_, error) => {
    const { problem, headers, unexpected } = toProblem(error);
    expect(problem).toMatchObject({ type: ProblemType.Unavailable, status: 503 });
    expect(headers['Retry-After']).toBe('5');
    expect(unexpected).toBe(false);
  });

  it('answers malformed JSON bodies with 400', () => {
    const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' });
    expect(toProblem(error).problem).toMatchObject({
      type: ProblemType.Validation,
      status: 400,
      detail: 'The request body is not valid JSON',
    });
  });

  it("maps Nest's HTTP exceptions by status", () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).problem).toMatchObject({ type: ProblemType.NotFound, status: 404 });
  });

  it('hides the message of an unexpected error and flags it for logging', () => {
    const { problem, unexpected } = toProblem(new TypeError('cannot read properties of undefined (secret internals)'));
    expect(problem).toEqual({
      type: ProblemType.Internal,
      title: 'Internal server error',
      status: 500,
      detail: 'The server could not complete the request',
    });
    expect(unexpected).toBe(true);
  });
});
