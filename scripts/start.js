#!/usr/bin/env node
// `npm start`: build if the sources changed, then run the server.
require('./build-if-needed').buildIfNeeded();
require('../dist/src/index.js');
