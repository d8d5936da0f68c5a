// The MQTT load's two clients (mqtt's client on node:net), shared by bench/libs-client.mjs and
// bench/mqtt-deliveries.mjs: a subscriber to bench/# at QoS 1, and a publisher. Their sockets
// have Nagle off (as http's and ws's are), so a client never stalls and what differs between
// two runs is the broker's side only.
import net from "node:net";
import mqtt from "mqtt";

export async function mqttClients(port, name) {
  const connect = (clientId) => new Promise((resolve, reject) => {
    const client = new mqtt.MqttClient(() => net.connect({ port, host: "127.0.0.1", noDelay: true }), { clientId, protocolVersion: 4, reconnectPeriod: 0 });
    client.once("connect", () => resolve(client)).once("error", reject);
  });
  const subscriber = await connect(`${name}-sub`);
  await subscriber.subscribeAsync("bench/#", { qos: 1 });
  const publisher = await connect(`${name}-pub`);
  return { publisher, subscriber };
}
