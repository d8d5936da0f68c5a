import { address_scratch, address_bytes, address_text, address_parse, address_format, port_valid } from "../../assembly/address";
import { FAMILY_NONE, FAMILY_IPV4, FAMILY_IPV6 } from "../../assembly/abi";

// As a host does it: the text as UTF-16 code units in the scratch area, its length in units.
function parse(s: string): i32 {
  const size = <u32>s.length << 1;
  memory.copy(address_scratch(size), changetype<usize>(s), size);
  return address_parse(<u32>s.length);
}

const HEX = "0123456789abcdef";

/** The first `n` bytes at address_bytes(), as lowercase hex. */
function parsed(n: i32): string {
  let out = "";
  for (let i = 0; i < n; i++) {
    const b = <i32>load<u8>(address_bytes() + <usize>i);
    out += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return out;
}

/** Writes `hex` (8 or 32 digits) to address_bytes() and returns what address_format makes of it. */
function format(hex: string, family: i32): string {
  for (let i = 0; i < hex.length; i += 2) {
    const b = (HEX.indexOf(hex.charAt(i)) << 4) | HEX.indexOf(hex.charAt(i + 1));
    store<u8>(address_bytes() + <usize>(i >> 1), <u8>b);
  }
  return String.UTF8.decodeUnsafe(address_text(), address_format(family));
}

describe("address_parse: Node's net.isIP grammar", () => {
  test("dotted quads are 4, no leading zeros, parts up to 255", () => {
    expect(parse("255.255.255.255")).toBe(FAMILY_IPV4);
    expect(parse("01.2.3.4")).toBe(FAMILY_NONE);
    expect(parse("1.2.3.256")).toBe(FAMILY_NONE);
  });

  test("IPv6 groups take 1 to 4 hex digits and one '::' for one or more groups", () => {
    expect(parse("::12345")).toBe(FAMILY_NONE);
    expect(parse("1:2:3:4:5:6:7::")).toBe(FAMILY_IPV6);
    expect(parse("1::2:")).toBe(FAMILY_NONE);
  });

  test("an IPv4 tail must end the address and fit in the eight groups", () => {
    expect(parse("::ffff:1.2.3.4")).toBe(FAMILY_IPV6);
    expect(parse("1:2:3:4:5:6:7:1.2.3.4")).toBe(FAMILY_NONE);
  });

  test("a zone is '%' then one or more of [0-9a-zA-Z.:-], once", () => {
    expect(parse("fe80::1%eth0.1:a-b")).toBe(FAMILY_IPV6);
    expect(parse("fe80::1%")).toBe(FAMILY_NONE);
    expect(parse("fe80::1%eth_0")).toBe(FAMILY_NONE);
    expect(parse("fe80::1%eth0%1")).toBe(FAMILY_NONE);
  });

  test("whitespace, other scripts' digits and the empty string are not addresses", () => {
    expect(parse("::1\n")).toBe(FAMILY_NONE);
    expect(parse("\u3000::1")).toBe(FAMILY_NONE);
    expect(parse("\u0661.2.3.4")).toBe(FAMILY_NONE);
    expect(parse("")).toBe(FAMILY_NONE);
  });

  test("a 1000-character zone (larger than the first scratch area) is read whole", () => {
    expect(parse("fe80::1%" + "a".repeat(1000))).toBe(FAMILY_IPV6);
  });
});

describe("address_bytes: the parsed address in network order", () => {
  test("IPv4 fills the first 4 bytes", () => {
    parse("192.0.2.33");
    expect(parsed(4)).toBe("c0000221");
  });

  test("'::' expands to the missing zero groups, and upper-case hex reads the same", () => {
    parse("2001:DB8::1");
    expect(parsed(16)).toBe("20010db8000000000000000000000001");
    parse("1:2:3:4:5:6:7::");
    expect(parsed(16)).toBe("00010002000300040005000600070000");
  });

  test("an IPv4 tail is the last 4 bytes, and a zone is dropped", () => {
    parse("::ffff:1.2.3.4%eth0");
    expect(parsed(16)).toBe("00000000000000000000ffff01020304");
  });
});

describe("address_format: libuv's text (RFC 5952 plus dotted IPv4 forms)", () => {
  test("the longest zero run becomes '::', the first of equal runs, never a single zero", () => {
    expect(format("20010000000000010000000000000001", FAMILY_IPV6)).toBe("2001:0:0:1::1");
    expect(format("20010db8000000000001000000000001", FAMILY_IPV6)).toBe("2001:db8::1:0:0:1");
    expect(format("20010db8000000010001000100010001", FAMILY_IPV6)).toBe("2001:db8:0:1:1:1:1:1");
    expect(format("00010000000000000000000000000000", FAMILY_IPV6)).toBe("1::");
  });

  test("lowercase hex without leading zeros", () => {
    expect(format("abcd00ef000000000000000000000000", FAMILY_IPV6)).toBe("abcd:ef::");
  });

  test("mapped and compatible addresses end in dotted IPv4; ::1 and ::2 stay hex", () => {
    expect(format("00000000000000000000ffffc0000221", FAMILY_IPV6)).toBe("::ffff:192.0.2.33");
    expect(format("00000000000000000000000001020304", FAMILY_IPV6)).toBe("::1.2.3.4");
    expect(format("00000000000000000000000000000002", FAMILY_IPV6)).toBe("::2");
  });

  test("IPv4 is dotted decimal", () => {
    expect(format("ff00090a", FAMILY_IPV4)).toBe("255.0.9.10");
  });
});

describe("port_valid: an integer from 0 to 65535", () => {
  test("accepts 0, 1, 80, 65535 and -0", () => {
    expect(port_valid(0)).toBe(true);
    expect(port_valid(1)).toBe(true);
    expect(port_valid(80)).toBe(true);
    expect(port_valid(65535)).toBe(true);
    expect(port_valid(-0.0)).toBe(true);
  });

  test("refuses -1, 65536, 1.5, NaN and Infinity", () => {
    expect(port_valid(-1)).toBe(false);
    expect(port_valid(65536)).toBe(false);
    expect(port_valid(1.5)).toBe(false);
    expect(port_valid(NaN)).toBe(false);
    expect(port_valid(Infinity)).toBe(false);
  });
});
