"""Moto's CPU per call for the shapes the schema backfill sends (docs/performance.md, "Schema backfill", ADR 0067).

Runs moto in-process with moto_guard's patches (the expression cache included) and times each
call with time.process_time() through moto's WSGI app. From the repository root:

    .venv/bin/python docs/performance/moto_call_costs.py

NS partitions of PER items of the test's shape (environment; 10 and 1,000 by default).
"""
import json
import os
import sys
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "localstack", "src", "main", "resources", "io", "stateapi", "local"))
import moto_guard
moto_guard.roll_back_only_what_a_transaction_touched()
moto_guard.query_only_what_it_can_match()
moto_guard.parse_each_expression_once()
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.test import Client
app = DomainDispatcherApplication(create_backend_app)
client = Client(app)
hdr = {"Content-Type": "application/x-amz-json-1.0",
       "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x",
       "Host": "127.0.0.1:4566"}
def call(target, body):
    h = dict(hdr); h["X-Amz-Target"] = "DynamoDB_20120810." + target
    r = client.post("/", data=json.dumps(body).encode(), headers=h)
    return r.status_code, json.loads(r.get_data() or b"{}")
S=lambda s: {"S": s}; N=lambda n: {"N": str(n)}
call("CreateTable", {"TableName": "t", "BillingMode": "PAY_PER_REQUEST",
  "AttributeDefinitions": [{"AttributeName": a, "AttributeType": t} for a, t in [("pk","S"),("sk","S"),("expiryBucket","S"),("expiresAt","N"),("tombstoneBucket","S")]],
  "KeySchema": [{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
  "GlobalSecondaryIndexes": [{"IndexName":"expiry","KeySchema":[{"AttributeName":"expiryBucket","KeyType":"HASH"},{"AttributeName":"expiresAt","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}},
     {"IndexName":"tombstones","KeySchema":[{"AttributeName":"tombstoneBucket","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["version"]}}],
  "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}})
NS = int(os.environ.get("NS", "10")); PER = int(os.environ.get("PER", "1000"))
def item(p, i, v=1):
    return {"pk": S(p), "sk": S("k/%04d" % i), "version": N(v), "value": S('{"i":%d}' % i), "createdAt": N(1), "updatedAt": N(1),
            "itemFormat": N(1), "writeToken": S("tok-%d" % i), "schemaVersion": N(1)}
for n in range(NS):
    batch=[]
    for i in range(PER):
        batch.append({"PutRequest": {"Item": item("t%d#orders" % n, i)}})
        if len(batch)==25:
            call("BatchWriteItem", {"RequestItems": {"t": batch}}); batch=[]
LIVE = "attribute_exists(#v) AND attribute_not_exists(#tomb) AND (attribute_not_exists(#exp) OR #exp > :nowSec)"
def update_req(p, i, token):
    return {"TableName": "t", "Key": {"pk": S(p), "sk": S("k/%04d" % i)},
      "UpdateExpression": "SET #v = #v + :one, #val = :val, #ca = if_not_exists(#ca, :now), #ua = :now, #fmt = :fmt, #wt = :token, #sv = :sv REMOVE #num, #exp, #bkt, #th",
      "ConditionExpression": "((" + LIVE + ") AND (attribute_not_exists(#wt) OR #wt <> :token)) AND (#v = :expected)",
      "ExpressionAttributeNames": {"#v":"version","#val":"value","#ca":"createdAt","#ua":"updatedAt","#fmt":"itemFormat","#wt":"writeToken","#sv":"schemaVersion","#num":"numberValue","#exp":"expiresAt","#bkt":"expiryBucket","#tomb":"tombstone","#th":"traceHeader"},
      "ExpressionAttributeValues": {":one":N(1),":val":S('{"i":%d,"v":2}' % i),":now":N(2),":nowSec":N(2),":fmt":N(1),":token":S(token),":sv":N(2),":expected":N(1)},
      "ReturnValues": "ALL_NEW", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
def put_req(p, i, token, cond_full=True, ret=True):
    it = item(p, i, 2); it["value"] = S('{"i":%d,"v":2}' % i); it["writeToken"] = S(token); it["schemaVersion"] = N(2); it["updatedAt"]=N(2)
    r = {"TableName": "t", "Item": it}
    if cond_full:
        r["ConditionExpression"] = "(" + LIVE + ") AND #v = :expected"   # ItemReplacement's condition
        r["ExpressionAttributeNames"] = {"#v": "version", "#exp": "expiresAt", "#tomb": "tombstone"}
        r["ExpressionAttributeValues"] = {":nowSec": N(2), ":expected": N(1)}
    else:
        r["ConditionExpression"] = "#v = :expected"
        r["ExpressionAttributeNames"] = {"#v":"version"}
        r["ExpressionAttributeValues"] = {":expected":N(1)}
    if ret: r["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    return r
def timeit(label, reqs, target):
    t=time.process_time(); bad=0
    for r in reqs:
        st,_ = call(target, r)
        if st!=200: bad+=1
    d=time.process_time()-t
    print(f"{label:60s} {len(reqs):5d} calls {1000*d/len(reqs):7.2f} ms/call  non-200: {bad}")
M = 300
timeit("UpdateItem (the store's overwrite at the version read)", [update_req("t0#orders", i, "b%d" % i) for i in range(M)], "UpdateItem")
timeit("PutItem of the whole item, the same condition, ALL_OLD", [put_req("t1#orders", i, "b%d" % i) for i in range(M)], "PutItem")
timeit("PutItem, #v = :expected alone", [put_req("t2#orders", i, "b%d" % i, False) for i in range(M)], "PutItem")
for size in (26, 101):
    reqs = []
    for j in range(36):
        r = {"TableName": "t", "KeyConditionExpression": "#pk = :pk", "ExpressionAttributeNames": {"#pk": "pk"},
             "ExpressionAttributeValues": {":pk": S("t3#orders")}, "Limit": size, "ConsistentRead": True}
        after = (j * size) % 900
        if after:
            r["ExclusiveStartKey"] = {"pk": S("t3#orders"), "sk": S("k/%04d" % after)}
        reqs.append(r)
    timeit(f"Query Limit {size}, ExclusiveStartKey, partition of {PER}", reqs, "Query")
timeit("GetItem, strongly consistent", [{"TableName": "t", "Key": {"pk": S("t4#orders"), "sk": S("k/%04d" % i)},
                                          "ConsistentRead": True} for i in range(M)], "GetItem")
