// net.isIP / isIPv4 / isIPv6 of every input in the JSON file argv[2] ({ inputs: [...] }).
var net = require('net');
var inputs = require(process.argv[2]).inputs;
var out = [];
for (var i = 0; i < inputs.length; i++) {
  out.push([net.isIP(inputs[i]), net.isIPv4(inputs[i]), net.isIPv6(inputs[i])]);
}
console.log(JSON.stringify(out));
