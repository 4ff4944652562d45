"""Canned reply text: a default, or rules read from a JSON file, chosen deterministically."""
import json
from functools import cache

DEFAULT_REPLY = "Hello! How can I assist you today?"

# What a web search finds: canned pages, each with its title (IANA's example domains).
WEB_PAGES = (("Example Domain", "https://example.com/"), ("Example Domain", "https://www.example.org/"),
             ("Example Domain", "https://www.example.net/"))


def cited_url(url):
    """Return a page's URL as a search's answer cites it: tagged `?utm_source=openai` (recorded, 2025-2026)."""
    return f"{url}?utm_source=openai"


def citation(url):
    """Return the text a search's answer cites a page with after its sentence, `([host](url))` (recorded)."""
    return f"([{url.split('/')[2]}]({cited_url(url)}))"


@cache
def load_rules(path):
    """Read a replies file: a JSON list of {"match": substring, "reply": text}; no "match" is the fallback."""
    with open(path, encoding="utf-8") as f:
        rules = json.load(f)
    if isinstance(rules, dict):
        rules = rules.get("replies", [])
    return tuple((str(r.get("match", "")).lower(), str(r["reply"])) for r in rules if "reply" in r)


def last_user_text(messages):
    """Return the text of the last user message, content parts joined, or ''."""
    for message in reversed(messages or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return "\n".join(p.get("text", "") for p in content if isinstance(p, dict)
                                 and isinstance(p.get("text"), str))
    return ""


def choose_reply(messages, default=DEFAULT_REPLY, rules_path=None):
    """Return the reply for a conversation: the first rule whose match the last user message contains."""
    if not rules_path:
        return default
    return reply_for(last_user_text(messages), default, rules_path)


def reply_for(text, default=DEFAULT_REPLY, rules_path=None):
    """Return the reply to text (a user message, a prompt): the first rule whose match it contains."""
    if not rules_path:
        return default
    text = text.lower()
    for match, reply in load_rules(rules_path):
        if match in text:
            return reply
    return default
