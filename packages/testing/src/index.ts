export * from './chromium.js';
export * from './fixtures.js';
