#!/usr/bin/env python3
"""Extracts CreateChatCompletionRequest and every schema it references (transitively) from
OpenAI's official API description, for the chat-completions stand-in server's request checks.

usage: scripts/extract-openai-chat-schema.py [/work/shared/openai/openapi.json] > Tests/Fixtures/openai-chat-request-schema.json
"""
import json
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/openai/openapi.json"
spec = json.load(open(src))
schemas = spec["components"]["schemas"]
DROP = {"description", "title", "example", "examples", "x-stainless-const", "deprecated", "x-oaiMeta",
        "x-oaiTypeLabel", "x-oaiExpandable", "default", "format"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/schemas/"):
            out.add(r.rsplit("/", 1)[1])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


keep, todo = {}, ["CreateChatCompletionRequest"]
while todo:
    name = todo.pop()
    if name in keep:
        continue
    keep[name] = strip(schemas[name])
    found = set()
    refs(keep[name], found)
    todo.extend(sorted(found - keep.keys()))

json.dump({"source": "openai/openapi.json components.schemas (closure of CreateChatCompletionRequest)",
           "root": "CreateChatCompletionRequest", "schemas": dict(sorted(keep.items()))},
          sys.stdout, indent=1, sort_keys=False)
sys.stdout.write("\n")
