// require(): relative files, .json, a folder with package.json "main", ruff_modules found
// upward (a replacement `net` included), built-ins, and a missing module.
'use strict';

var out = {};
out.relative = require('./fixtures/plain').name;
out.relativeJs = require('./fixtures/plain.js') === require('./fixtures/plain');
out.json = require('./fixtures/data.json').value;
out.folderMain = require('./fixtures/pkg').name;
out.folderIndex = require('./fixtures/indexed').name;
out.ruffModule = require('mymod').name;
out.nestedUpward = require('./fixtures/deep/nested.js');
out.net = require('net').replacement;
out.events = typeof require('events').EventEmitter;
out.filename = __filename.slice(-15);
out.dirnameIsAbsolute = __dirname.charAt(0) === '/';
out.thisIsModule = this === module;
out.resolve = require.resolve('mymod').slice(-27);
try { require('nope-not-here'); } catch (e) { out.missing = e.message; }
console.log(JSON.stringify(out));
