// The body of `function (natives) { ... }` run once before the main script (the build
// wraps it). It builds what Ruff's startup gives a script: process, console, Buffer,
// timers and a CommonJS require() resolving files and ruff_modules as Ruff's module.js
// does. `natives` (readFile, stat, compile, write, exit, argv, env, builtins) is private.
'use strict';

var hop = Object.prototype.hasOwnProperty;
var builtins = natives.builtins;

// ---- paths (POSIX only) -----------------------------------------------------------------
function normalize(p) {
  var absolute = p.charAt(0) === '/';
  var out = [];
  p.split('/').forEach(function (part) {
    if (part === '' || part === '.') return;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      return;
    }
    out.push(part);
  });
  var joined = out.join('/');
  return absolute ? '/' + joined : joined || '.';
}
function join() { return normalize(Array.prototype.slice.call(arguments).join('/')); }
function isAbsolute(p) { return p.charAt(0) === '/'; }
function resolvePath(from, to) { return isAbsolute(to) ? normalize(to) : join(from, to); }
function dirname(p) {
  var i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}
function extname(p) {
  var base = p.slice(p.lastIndexOf('/') + 1);
  var i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

// ---- modules --------------------------------------------------------------------------
var cache = {};
var builtinCache = {};

function Module(id, parent) {
  this.id = id;
  this.filename = id;
  this.exports = {};
  this.parent = parent || null;
  this.loaded = false;
}

function compileModule(source, filename) {
  if (source.substr(0, 2) === '#!') source = '//' + source;
  return natives.compile('function (__filename, __dirname, module, exports, require) {' + source + '\n}', filename);
}

function makeRequire(module) {
  function require(name) {
    if (typeof name !== 'string') throw new TypeError('Invalid argument type for id');
    return load(resolve(name, module.id), module);
  }
  require.resolve = function (name) { return resolve(name, module.id); };
  require.main = mainModule;
  return require;
}

function isFile(p) { return natives.stat(p) === 'file'; }

function loadAsFile(p) {
  var candidates = [p, p + '.js', p + '.json'];
  for (var i = 0; i < candidates.length; i++) if (isFile(candidates[i])) return candidates[i];
  return undefined;
}

function loadAsDirectory(dir) {
  var pkg = join(dir, 'package.json');
  if (isFile(pkg)) {
    var main = JSON.parse(natives.readFile(pkg)).main;
    if (main) return loadAsFile(join(dir, main)); // as Ruff: a named main that is missing is not found
  }
  var names = ['index.js', 'src/index.js', 'index.json', 'src/index.json'];
  for (var i = 0; i < names.length; i++) if (isFile(join(dir, names[i]))) return join(dir, names[i]);
  return undefined;
}

// Every ruff_modules folder from the requiring file's folder up to the root, skipping
// folders that are themselves named ruff_modules (Ruff also searches $RUFF_HOME first).
function ruffModulesDirs(start) {
  var parts = start.split('/');
  var dirs = [];
  for (var i = parts.length - 1; i >= 0; i--) {
    if (parts[i] === 'ruff_modules') continue;
    dirs.push(parts.slice(0, i + 1).concat('ruff_modules').join('/') || '/ruff_modules');
  }
  return dirs;
}

function resolve(name, parentId) {
  if (hop.call(builtins, name)) return name; // embedded modules win, as in Ruff
  var dir = isAbsolute(parentId) ? dirname(parentId) : process.cwd();
  var target;
  if (/^\.{1,2}/.test(name) || isAbsolute(name)) {
    var searchPath = resolvePath(dir, name);
    target = loadAsFile(searchPath) || loadAsDirectory(searchPath);
  } else {
    var dirs = ruffModulesDirs(dir);
    for (var i = 0; i < dirs.length && !target; i++) {
      target = loadAsFile(join(dirs[i], name)) || loadAsDirectory(join(dirs[i], name));
    }
  }
  if (!target) throw new Error('Cannot find module "' + name + '"');
  return target;
}

function load(id, parent) {
  if (hop.call(builtins, id)) return loadBuiltin(id);
  if (hop.call(cache, id)) return cache[id].exports;
  var module = new Module(id, parent);
  cache[id] = module;
  try {
    if (extname(id) === '.json') {
      module.exports = JSON.parse(natives.readFile(id));
    } else {
      var fn = compileModule(natives.readFile(id), id);
      fn.call(module, id, dirname(id), module, module.exports, makeRequire(module));
    }
  } catch (e) {
    delete cache[id];
    throw e;
  }
  module.loaded = true;
  return module.exports;
}

function loadBuiltin(name) {
  if (hop.call(builtinCache, name)) return builtinCache[name].exports;
  var module = new Module(name, null);
  builtinCache[name] = module;
  var fn = compileModule(builtins[name], name + '.js');
  fn.call(module, name, '', module, module.exports, makeRequire(module));
  module.loaded = true;
  return module.exports;
}

// ---- process ----------------------------------------------------------------------------
var EventEmitter = loadBuiltin('events');
var process = {};
Object.setPrototypeOf(process, EventEmitter.prototype);
EventEmitter.call(process);
global.process = process;

var cwd = uv.cwd();
process.argv = natives.argv;
if (process.argv.length > 1) process.argv[1] = resolvePath(cwd, process.argv[1]);
process.env = natives.env;
process.platform = 'linux';
process.pid = uv.getpid();
process.cwd = function () { return uv.cwd(); };
process.exitCode = undefined;

var nextTickQueue = [];
process.nextTick = function (callback) {
  var args = null;
  if (arguments.length > 1) args = Array.prototype.slice.call(arguments, 1);
  nextTickQueue.push([callback, args]);
};
// Called by the runtime after the main script and after every uv callback.
process._tickCallback = function () {
  var tick;
  while ((tick = nextTickQueue.shift())) tick[0].apply(null, tick[1]);
};

process.hrtime = function (previous) {
  var start = previous ? previous[0] * 1e9 + previous[1] : 0;
  var elapsed = uv.hrtime() - start;
  var sec = Math.floor(elapsed / 1e9);
  return [sec, elapsed - sec * 1e9];
};

var exiting = false;
function emitExit(code) {
  if (exiting) return;
  exiting = true;
  process.exitCode = code;
  process.emit('exit', code);
}
process.exit = function (code) {
  if (code === undefined) code = process.exitCode || 0;
  emitExit(code | 0);
  natives.exit(process.exitCode | 0);
};

// An uncaught exception: 'uncaughtException' listeners, or the stack on stderr and exit 1.
process._handleFatal = function (error) {
  if (!exiting && process.listeners('uncaughtException').length > 0) {
    process.emit('uncaughtException', error);
    return;
  }
  var text = error instanceof Error ? error.stack || String(error) : 'Uncaught ' + String(error);
  natives.write(2, text + '\n');
  if (exiting) natives.exit(1);
  process.exit(1);
};

process.stdout = { write: function (s) { natives.write(1, String(s)); return true; } };
process.stderr = { write: function (s) { natives.write(2, String(s)); return true; } };

// ---- globals ----------------------------------------------------------------------------
global._NativeBuffer = Buffer;
var buffer = loadBuiltin('buffer');
global.Buffer = buffer.Buffer;
global.SlowBuffer = buffer.SlowBuffer;

global.console = loadBuiltin('console');

var timers = loadBuiltin('timers');
['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate']
  .forEach(function (name) { global[name] = timers[name]; });

// ---- main script ------------------------------------------------------------------------
var mainModule;
if (process.argv.length > 1) {
  var mainId = process.argv[1];
  if (!isFile(mainId)) throw new Error('Cannot find module "' + mainId + '"');
  mainModule = new Module(mainId, null);
  mainModule.main = true;
  cache[mainId] = mainModule;
  var mainFn = compileModule(natives.readFile(mainId), mainId);
  mainFn.call(mainModule, mainId, dirname(mainId), mainModule, mainModule.exports, makeRequire(mainModule));
  mainModule.loaded = true;
}
process._tickCallback();

// Run by the runtime when the loop has nothing left: 'exit', then the exit code.
return function atLoopEnd() {
  emitExit(process.exitCode | 0);
  return process.exitCode | 0;
};
