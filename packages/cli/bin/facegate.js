#!/usr/bin/env node
import '../dist/facegate.js';
