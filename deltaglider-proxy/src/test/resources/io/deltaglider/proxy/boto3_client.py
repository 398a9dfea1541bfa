"""boto3 against the DeltaGlider S3 gateway; run by Boto3ProcessTest.

argv[1] is the gateway's endpoint, argv[2] a scratch directory: the files uploaded from there
stay for the test to compare with what the store holds; argv[3] is "local" for a gateway over a
local directory store or "s3" for one over an S3 store (where buckets are prefixes, never
created). Exits 0 and prints "boto3 checks passed" when every check passed; prints what failed
and exits 1 otherwise.
"""
import hashlib
import os
import sys
import urllib.error
import urllib.request

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, scratch, backing = sys.argv[1], sys.argv[2], sys.argv[3]
BUCKET = "boto-releases"
MIB = 1 << 20
print("boto3 %s, botocore %s" % (boto3.__version__, botocore.__version__))


def client(**kwargs):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                                      **kwargs.pop("config", {})), **kwargs)


s3 = client()
checks = 0


def check(cond, what):
    global checks
    if not cond:
        print("FAILED: " + what)
        sys.exit(1)
    checks += 1


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def release(seed, size):
    """Incompressible bytes, the same for a seed."""
    out = bytearray()
    block = hashlib.sha256(str(seed).encode()).digest()
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


def next_version(data, seed):
    """data with a few bytes changed here and there and some appended: a release's next version."""
    out = bytearray(data)
    step = max(1, len(out) // 7)
    for i, at in enumerate(range(step // 2, len(out), step)):
        out[at:at + 16] = hashlib.md5(b"%d-%d" % (seed, i)).digest()
    return bytes(out) + b"appended in the next version" * 10


def write(name, data):
    path = os.path.join(scratch, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


# Operations the clients call, counted through botocore's events: proves multipart and ranges were used.
calls = {"UploadPart": 0, "UploadPartCopy": 0, "CompleteMultipartUpload": 0, "RangedGetObject": 0}


def count(name):
    def handler(**kwargs):
        calls[name] += 1
    return handler


def count_ranged_get(params, **kwargs):
    if params.get("Range"):
        calls["RangedGetObject"] += 1


s3.meta.events.register("before-call.s3.UploadPart", count("UploadPart"))
s3.meta.events.register("before-call.s3.UploadPartCopy", count("UploadPartCopy"))
s3.meta.events.register("before-call.s3.CompleteMultipartUpload", count("CompleteMultipartUpload"))
s3.meta.events.register("before-parameter-build.s3.GetObject", count_ranged_get)

# --- PutObject, GetObject, HeadObject: a release pair, the second stored as a delta (checked by the test).
if backing == "local":
    s3.create_bucket(Bucket=BUCKET)
else:
    check(error_code(lambda: s3.create_bucket(Bucket=BUCKET)) == "NotImplemented", "CreateBucket over S3")
    s3.head_bucket(Bucket=BUCKET)
v1 = release(1, 3 * MIB)
v2 = next_version(v1, 1)
write("app-1.0.tar.gz", v1)
write("app-1.1.tar.gz", v2)
s3.put_object(Bucket=BUCKET, Key="app/app-1.0.tar.gz", Body=v1, Metadata={"build": "7"})
s3.put_object(Bucket=BUCKET, Key="app/app-1.1.tar.gz", Body=v2, ContentType="application/gzip",
              ChecksumAlgorithm="CRC32")
s3.put_object(Bucket=BUCKET, Key="app/notes-1.1.txt", Body=b"release notes", ChecksumAlgorithm="SHA256")
got = s3.get_object(Bucket=BUCKET, Key="app/app-1.1.tar.gz")
check(sha256(got["Body"].read()) == sha256(v2), "round trip of app-1.1")
check(got["ETag"] == '"%s"' % hashlib.md5(v2).hexdigest(), "ETag is the MD5: " + got["ETag"])
check(got["ContentType"] == "application/gzip", "content type: " + got["ContentType"])
check(s3.get_object(Bucket=BUCKET, Key="app/notes-1.1.txt")["Body"].read() == b"release notes", "SHA256 put")
head = s3.head_object(Bucket=BUCKET, Key="app/app-1.0.tar.gz")
check(head["Metadata"] == {"build": "7"} and head["ContentLength"] == len(v1), "head: %r" % head)
check(error_code(lambda: s3.get_object(Bucket=BUCKET, Key="app/none.tar.gz")) == "NoSuchKey", "NoSuchKey")
check(error_code(lambda: s3.put_object(Bucket=BUCKET, Key="app/bad.bin", Body=b"x" * 100,
                                       ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")) == "BadDigest", "wrong Content-MD5")

# --- Ranged GETs.
part = s3.get_object(Bucket=BUCKET, Key="app/app-1.1.tar.gz", Range="bytes=995-300994")
check(part["ContentRange"] == "bytes 995-300994/%d" % len(v2), "Content-Range: " + part["ContentRange"])
check(sha256(part["Body"].read()) == sha256(v2[995:300995]), "range")
check(s3.get_object(Bucket=BUCKET, Key="app/app-1.1.tar.gz", Range="bytes=-100")["Body"].read() == v2[-100:],
      "suffix range")
check(error_code(lambda: s3.get_object(Bucket=BUCKET, Key="app/app-1.1.tar.gz",
                                       Range="bytes=%d-" % len(v2))) == "InvalidRange", "InvalidRange")

# --- Multipart upload and ranged download through the transfer manager (its defaults: 8 MiB parts).
big1 = release(2, 17 * MIB)
big2 = next_version(big1, 2)
path1 = write("image-1.0.iso", big1)
path2 = write("image-1.1.iso", big2)
s3.upload_file(path1, BUCKET, "iso/image-1.0.iso")
s3.upload_file(path2, BUCKET, "iso/image-1.1.iso", ExtraArgs={"ChecksumAlgorithm": "CRC32"})
check(calls["UploadPart"] >= 6 and calls["CompleteMultipartUpload"] == 2, "multipart uploads: %r" % calls)
check(calls["UploadPartCopy"] == 0, "no copies yet: %r" % calls)
back = os.path.join(scratch, "image-1.1.back")
ranged_before = calls["RangedGetObject"]
s3.download_file(BUCKET, "iso/image-1.1.iso", back)
check(calls["RangedGetObject"] - ranged_before >= 2, "ranged download: %r" % calls)
check(sha256(read(back)) == sha256(big2), "multipart round trip")

# --- ListObjectsV2 and ListObjects: prefix, delimiter, pages (botocore asks for encoding-type=url).
for k in ["list/a/1.txt", "list/a/2.txt", "list/a/sub/3.txt", "list/b/4.txt", "list/top.txt"]:
    s3.put_object(Bucket=BUCKET, Key=k, Body=k.encode())
res = s3.list_objects_v2(Bucket=BUCKET, Prefix="list/", Delimiter="/")
check([p["Prefix"] for p in res.get("CommonPrefixes", [])] == ["list/a/", "list/b/"], "v2 prefixes: %r" % res)
check([o["Key"] for o in res.get("Contents", [])] == ["list/top.txt"], "v2 contents: %r" % res)
res = s3.list_objects(Bucket=BUCKET, Prefix="list/a/", Delimiter="/")
check([p["Prefix"] for p in res.get("CommonPrefixes", [])] == ["list/a/sub/"], "v1 prefixes: %r" % res)
check([o["Key"] for o in res.get("Contents", [])] == ["list/a/1.txt", "list/a/2.txt"], "v1 contents: %r" % res)
everything = ["list/a/1.txt", "list/a/2.txt", "list/a/sub/3.txt", "list/b/4.txt", "list/top.txt"]
for op in ["list_objects_v2", "list_objects"]:
    keys, pages = [], 0
    for page in s3.get_paginator(op).paginate(Bucket=BUCKET, Prefix="list/", PaginationConfig={"PageSize": 2}):
        pages += 1
        keys += [o["Key"] for o in page.get("Contents", [])]
    check(keys == everything and pages == 3, "%s pages: %d %r" % (op, pages, keys))
res = s3.list_objects_v2(Bucket=BUCKET, Prefix="list/", StartAfter="list/a/sub/3.txt")
check([o["Key"] for o in res["Contents"]] == ["list/b/4.txt", "list/top.txt"], "start-after: %r" % res)
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, PaginationConfig={"PageSize": 1}):
    keys += [o["Key"] for o in page.get("Contents", [])]
check(keys == ["app/app-1.0.tar.gz", "app/app-1.1.tar.gz", "app/notes-1.1.txt", "iso/image-1.0.iso",
               "iso/image-1.1.iso"] + everything, "whole bucket, a key a page: %r" % keys)
check(BUCKET in [b["Name"] for b in s3.list_buckets()["Buckets"]], "ListBuckets")

# --- CopyObject: metadata copied, or replaced.
s3.copy_object(Bucket=BUCKET, Key="copies/app-1.0.tar.gz", CopySource={"Bucket": BUCKET, "Key": "app/app-1.0.tar.gz"})
copied = s3.get_object(Bucket=BUCKET, Key="copies/app-1.0.tar.gz")
check(sha256(copied["Body"].read()) == sha256(v1) and copied["Metadata"] == {"build": "7"}, "copy")
s3.copy_object(Bucket=BUCKET, Key="copies/replaced.tar.gz", CopySource={"Bucket": BUCKET, "Key": "app/app-1.0.tar.gz"},
               MetadataDirective="REPLACE", Metadata={"build": "8"}, ContentType="application/x-tar")
replaced = s3.head_object(Bucket=BUCKET, Key="copies/replaced.tar.gz")
check(replaced["Metadata"] == {"build": "8"} and replaced["ContentType"] == "application/x-tar", "copy REPLACE")
# The transfer manager copies a large object in parts (UploadPartCopy).
s3.copy({"Bucket": BUCKET, "Key": "iso/image-1.1.iso"}, BUCKET, "mirror/image-1.1.iso")
check(calls["UploadPartCopy"] >= 3, "multipart copy: %r" % calls)
check(sha256(s3.get_object(Bucket=BUCKET, Key="mirror/image-1.1.iso")["Body"].read()) == sha256(big2), "part copy")

# --- Presigned GET with a plain HTTP client (urllib).
signed_v4 = client(config={"signature_version": "s3v4"})
url = signed_v4.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "app/app-1.0.tar.gz",
                                                             "ResponseContentDisposition": "attachment; filename=a.tgz"},
                                       ExpiresIn=300)
check("X-Amz-Signature=" in url, "a SigV4 URL: " + url)
with urllib.request.urlopen(url) as r:
    check(sha256(r.read()) == sha256(v1), "presigned GET")
    check(r.headers["Content-Disposition"] == "attachment; filename=a.tgz", "response-content-disposition")
try:
    urllib.request.urlopen(url.replace("app-1.0.tar.gz?", "app-1.1.tar.gz?"))
    check(False, "a presigned URL opened another key")
except urllib.error.HTTPError as e:
    check(e.code == 403 and b"SignatureDoesNotMatch" in e.read(), "presigned URL for another key: %d" % e.code)
default_url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "app/app-1.0.tar.gz"},
                                        ExpiresIn=300)
if "X-Amz-Signature=" in default_url:
    with urllib.request.urlopen(default_url) as r:
        check(sha256(r.read()) == sha256(v1), "presigned GET (default signer)")
else:
    # boto3 presigns with Signature Version 2 for a custom endpoint unless told s3v4: refused, saying why.
    try:
        urllib.request.urlopen(default_url)
        check(False, "a SigV2 URL was served")
    except urllib.error.HTTPError as e:
        body = e.read()
        check(e.code == 400 and b"InvalidRequest" in body and b"AWS4-HMAC-SHA256" in body, "SigV2: %r" % body)

# --- Keys that need escaping in XML and in URLs.
hostile = 'odd/<a href="x">&amp; +%20 ü?#.txt'
s3.put_object(Bucket=BUCKET, Key=hostile, Body=b"hostile")
check(s3.get_object(Bucket=BUCKET, Key=hostile)["Body"].read() == b"hostile", "hostile key")
listed = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="odd/")["Contents"]]
check(listed == [hostile], "hostile key listed: %r" % listed)

# --- DeleteObject and DeleteObjects (verbose and quiet).
s3.delete_object(Bucket=BUCKET, Key="copies/replaced.tar.gz")
check(error_code(lambda: s3.head_object(Bucket=BUCKET, Key="copies/replaced.tar.gz")) in ("404", "NoSuchKey"),
      "404 after delete")
res = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": hostile}, {"Key": "copies/app-1.0.tar.gz"}]})
check(sorted(d["Key"] for d in res.get("Deleted", [])) == sorted([hostile, "copies/app-1.0.tar.gz"])
      and not res.get("Errors"), "batch delete: %r" % res)
res = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in everything], "Quiet": True})
check(not res.get("Deleted") and not res.get("Errors"), "quiet batch delete: %r" % res)
left = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
check(left == ["app/app-1.0.tar.gz", "app/app-1.1.tar.gz", "app/notes-1.1.txt", "iso/image-1.0.iso",
               "iso/image-1.1.iso", "mirror/image-1.1.iso"], "after the deletes: %r" % left)

# --- A wrong secret is refused.
bad = client(aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key="wrong")
check(error_code(lambda: bad.put_object(Bucket=BUCKET, Key="never.txt", Body=b"x")) == "SignatureDoesNotMatch",
      "wrong secret")
print("boto3 checks passed: %d, calls %r" % (checks, calls))
