/**
 * Value types of the proof-to-chain path — 32-byte words (commitments, public inputs, ids on
 * chain), addresses, unsigned transactions — and the one place that parses and prints hex. No
 * dependency on the rest of the app, so the engine wrappers can use them too.
 */
package io.lockerism.evm;
