/**
 * JMH benchmarks of the hot paths that run on every request or change, without DynamoDB:
 * request mapping through the api function, JSON parsing and writing ({@code StateJson}, value
 * validation), and the fan-out's stream record mapping. {@code make jmh} runs them (1 fork,
 * 3 x 2 s warm-up, 5 x 2 s measurement) and writes docs/performance/results/jmh.json; the
 * figures are in docs/performance.md. The local stack ships in no Lambda artifact, so neither do
 * these nor JMH.
 */
package io.stateapi.local.bench.jmh;
