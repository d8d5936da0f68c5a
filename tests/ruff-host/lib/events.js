// require('events'): an EventEmitter with Node's semantics, in ES5.
'use strict';

function EventEmitter() {
  EventEmitter.init.call(this);
}

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.defaultMaxListeners = 10;

EventEmitter.init = function () {
  if (!this._events || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
};

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._maxListeners = undefined;

function checkListener(listener) {
  if (typeof listener !== 'function') {
    throw new TypeError('The "listener" argument must be of type Function. Received type ' + typeof listener);
  }
}

EventEmitter.prototype.setMaxListeners = function (n) {
  if (typeof n !== 'number' || n < 0 || n !== n) {
    throw new RangeError('The value of "n" is out of range. It must be a non-negative number. Received ' + n);
  }
  this._maxListeners = n;
  return this;
};

EventEmitter.prototype.getMaxListeners = function () {
  return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};

EventEmitter.prototype.emit = function (type) {
  var events = this._events;
  var handler = events && events[type];
  if (handler === undefined) {
    if (type === 'error') {
      var er = arguments[1];
      if (er instanceof Error) throw er;
      var err = new Error('Unhandled error.' + (er === undefined ? '' : ' (' + er + ')'));
      err.context = er;
      throw err;
    }
    return false;
  }
  var args = Array.prototype.slice.call(arguments, 1);
  if (typeof handler === 'function') {
    handler.apply(this, args);
  } else {
    var listeners = handler.slice();
    for (var i = 0; i < listeners.length; i++) listeners[i].apply(this, args);
  }
  return true;
};

function addListener(target, type, listener, prepend) {
  checkListener(listener);
  if (!target._events) {
    target._events = Object.create(null);
    target._eventsCount = 0;
  }
  var events = target._events;
  if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
    events = target._events;
  }
  var existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
  } else if (typeof existing === 'function') {
    events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  return target;
}

EventEmitter.prototype.addListener = function (type, listener) {
  return addListener(this, type, listener, false);
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener = function (type, listener) {
  return addListener(this, type, listener, true);
};

function onceWrapper(target, type, listener) {
  var state = { fired: false };
  function wrapped() {
    if (state.fired) return undefined;
    state.fired = true;
    target.removeListener(type, wrapped);
    return listener.apply(target, arguments);
  }
  wrapped.listener = listener;
  return wrapped;
}

EventEmitter.prototype.once = function (type, listener) {
  checkListener(listener);
  return this.on(type, onceWrapper(this, type, listener));
};

EventEmitter.prototype.prependOnceListener = function (type, listener) {
  checkListener(listener);
  return this.prependListener(type, onceWrapper(this, type, listener));
};

EventEmitter.prototype.removeListener = function (type, listener) {
  checkListener(listener);
  var events = this._events;
  if (!events) return this;
  var list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
    if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
    return this;
  }
  if (typeof list === 'function') return this;
  for (var i = list.length - 1; i >= 0; i--) {
    if (list[i] === listener || list[i].listener === listener) {
      var removed = list[i].listener || list[i];
      list.splice(i, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, removed);
      break;
    }
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function (type) {
  var events = this._events;
  if (!events) return this;
  if (events.removeListener === undefined) {
    if (arguments.length === 0) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = Object.create(null);
      else delete events[type];
    }
    return this;
  }
  if (arguments.length === 0) {
    var keys = Object.keys(events);
    for (var k = 0; k < keys.length; k++) {
      if (keys[k] !== 'removeListener') this.removeAllListeners(keys[k]);
    }
    this.removeAllListeners('removeListener');
    this._events = Object.create(null);
    this._eventsCount = 0;
    return this;
  }
  var listeners = events[type];
  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (var i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
  }
  return this;
};

function listenersOf(target, type, unwrap) {
  var events = target._events;
  var list = events && events[type];
  if (list === undefined) return [];
  if (typeof list === 'function') return [unwrap ? list.listener || list : list];
  return list.map(function (l) { return unwrap ? l.listener || l : l; });
}

EventEmitter.prototype.listeners = function (type) { return listenersOf(this, type, true); };
EventEmitter.prototype.rawListeners = function (type) { return listenersOf(this, type, false); };

EventEmitter.prototype.listenerCount = function (type) {
  var list = this._events && this._events[type];
  if (list === undefined) return 0;
  return typeof list === 'function' ? 1 : list.length;
};

EventEmitter.listenerCount = function (emitter, type) {
  return EventEmitter.prototype.listenerCount.call(emitter, type);
};

EventEmitter.prototype.eventNames = function () {
  return this._eventsCount > 0 ? Object.keys(this._events) : [];
};

module.exports = EventEmitter;
