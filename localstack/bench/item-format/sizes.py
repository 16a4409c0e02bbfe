#!/usr/bin/env python3
"""Item bytes, WCU and RCU of a 20 KiB JSON value at item formats 1 and 2 (ADR 0068; docs/performance.md).

DynamoDB's size rules: attribute names plus values; strings and binaries their bytes, numbers
about one byte per two significant digits plus one. gzip at level 6 with zlib: the bytes the
JDK's GZIPOutputStream writes (GzSize.java beside this file checks it).
Run: python3 localstack/bench/item-format/sizes.py [--write DIR]  (--write leaves the two documents there)
"""
import sys
import gzip, json, uuid, random, math, io, zlib
def cart(nbytes, note="gift wrap"):
    parts=[]; s='{"lines":['
    i=0
    while len(s) < nbytes-80:
        s += ("" if i==0 else ",") + '{"sku":"SKU-%d","qty":%d,"note":"%s"}' % (10000+i, i%7+1, note)
        i+=1
    return s+"]}"
def mixed(nbytes):
    random.seed(7)
    items=[]; s=None
    while True:
        items.append({"id":str(uuid.UUID(int=random.getrandbits(128))),"price":round(random.random()*1000,2),
                      "qty":random.randint(1,20),"name":random.choice(["desk lamp","office chair","monitor arm","usb-c hub","standing desk"]),
                      "tags":random.sample(["new","sale","eco","bulk","gift","b2b"],2),"updatedAt":1796000000000+random.randint(0,10**9)})
        s=json.dumps({"order":"o-1","items":items},separators=(",",":"))
        if len(s) >= nbytes: return s
def gz(text):
    buf=io.BytesIO()
    with gzip.GzipFile(fileobj=buf,mode="wb",compresslevel=6,mtime=0) as f: f.write(text.encode())
    return buf.getvalue()
def num(n): 
    d=len(str(n).lstrip('-').strip('0')) or 1
    return math.ceil(d/2)+1
base = {"pk":"acme#carts","sk":"carts/42"}
def item_size(value_attr, value_bytes):
    size = sum(len(k)+len(v) for k,v in base.items())
    size += len("version")+num(3) + len("createdAt")+num(1796327605151) + len("updatedAt")+num(1796327605151)
    size += len("itemFormat")+num(1) + len("writeToken")+36
    size += len(value_attr)+value_bytes
    return size
for name, doc in (("cart lines (repetitive)", cart(20*1024)), ("order items with ids, prices, timestamps", mixed(20*1024))):
    raw=len(doc.encode()); z=len(gz(doc))
    s1=item_size("value", raw); s2=item_size("valueZ", z)
    print(f"{name}: json {raw} B, gzip {z} B ({raw/z:.1f}x); item f1 {s1} B -> WCU {math.ceil(s1/1024)}, RCU strong {math.ceil(s1/4096)}, eventual {math.ceil(s1/4096)/2}; f2 {s2} B -> WCU {math.ceil(s2/1024)}, RCU strong {math.ceil(s2/4096)}, eventual {math.ceil(s2/4096)/2}")

if "--write" in sys.argv:
    out = sys.argv[sys.argv.index("--write") + 1]
    open(out + "/cart.json", "w").write(cart(20 * 1024))
    open(out + "/order.json", "w").write(mixed(20 * 1024))
