"""People that a text names by its structure rather than by its words.

Each finder returns `Mention`s: where a person is named and what the text tells about them
(a display name, an address, a handle). `curate.pii.people` turns them into the record's
people, whose every variant is then redacted wherever it occurs in the record.

- header lines: `From: Kubiak, Virgil </O=ENRON/OU=NA/CN=RECIPIENTS/CN=VKUBIAK>`,
  `To:JESSUP, TILDA`, `cc: "sdravell" <s@x.com>` (the value parsed as an address list), and a
  quoted name before an address anywhere (`"tmarsh" <tom.marsh@example.com>`);
- Lotus Notes addresses: `Silas J Korman/HOU/EES@EES`, `Karen Dunmore@ENRON`, a name that a
  long address list wraps (`Silas J\nKorman/HOU/EES@EES`);
- X.500 mailbox ids: `CN=VKUBIAK`;
- @handles: `cc @milot00` (not `@Override`, `@types/node`, e-mail addresses, a doc comment's
  tag or a decorator opening its line, an `@` glued to binary junk);
- home paths: `/home/tobin/`, `/Users/x`, `C:\\Users\\mirela`, `C:/Users/mirela`,
  `/mnt/c/Users/x`, `/c/Users/x`, `/export/home/x`, `%2Fhome%2Fx`, `~x/`;
- `user@host` without a domain, the user in lower case as shells have it: `orla@lab-gpu-07`
  (not `react@18`, `lodash@latest`, Lotus `Enron@EnronXGate`);
- profile URLs: `linkedin.com/in/jane-doe`, `medium.com/@jane/post`, `gist.github.com/jane`,
  `reddit.com/u/jane` (and other sites whose first segment is an account), a bare
  `github.com/TarnVex`, the owner of `github.com/janedoe/tool` (also on GitLab, Bitbucket,
  Hugging Face, `raw.githubusercontent.com`) or of `janedoe.github.io` (not of
  `github.com/microsoft/vscode`, `bitcoin/bitcoin` or a project's account by its shape:
  `PaddleX/PaddleSeg`, `python-widget/Widget`, `acme-labs/tool`);
- account ids: Jira `accountid:557058:0f0e...` (also `accountId 5b10...`, `accountId="..."`),
  GitHub's user id in
  `user-images.githubusercontent.com/<id>/`, `avatars.githubusercontent.com/u/<id>`,
  `github.com/<owner>/<repo>/assets/<id>/` and the older `cloud.githubusercontent.com/assets/<id>/`;
- Lotus Notes' `Please respond to jroe`;
- the owner in `ls -l` output: `-rw-r--r-- 1 jroe wheel 57K ...`;
- the user of an access-log line (`192.0.2.7 - jroe [10/Oct/2023:...`) or of a Jira
  application or security log line (`... jroe 617x1234x1 1ab2cd3 10.20.30.44 /rest/...`);
- a `first.last` login of two listed names, also glued to a JQL field (`assigneejane.roe`);
- a branch named after its author in a git command: `git co jroe/fix-x`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from curate.pii.code import in_code
from curate.pii.names import english_word, name_lists

# "header" (an address-list value), "trailer" (a git trailer's: its name is a person's by
# position, `Signed-off-by: Jane Roe <jr@x.org>`), "name", "handle", "owner" (a repo's), "id"
Kind = str


class Mention(NamedTuple):
    """`value` at text[start:end] names a person; `kind` says how to read it."""

    start: int
    end: int
    kind: Kind
    value: str


# Names that stand for a role, a machine account or a placeholder, never a person.
GENERIC_USERS = frozenset(
    {
        "root", "admin", "administrator", "user", "username", "users", "runner", "ubuntu", "public",
        "default", "shared", "guest", "vagrant", "travis", "circleci", "jenkins", "docker", "node",
        "git", "www", "www-data", "nobody", "daemon", "postgres", "mysql", "ec2-user", "pi",
        "build", "builder", "app", "appveyor", "vsts", "runneradmin", "home", "me", "you", "your",
        "name", "myuser", "all", "here", "channel", "everyone", "info", "support", "noreply",
        "no-reply", "sales", "help", "team", "test", "tester", "dev", "developer", "local",
        "localhost", "owner", "someone", "somebody", "foo", "bar", "example", "john.doe",
        "deploy", "deployer", "centos", "fedora", "debian", "azureuser", "opc", "ansible", "ops",
        "sysadmin", "ci", "bot", "service", "backup", "hadoop", "ftp", "ftpuser", "webmaster",
        "apache", "nginx", "oracle", "postgresql", "redis", "steam", "pi-user", "anonymous",
        "anon",
    }
)
# @-words that are code (decorators, annotations, doc tags), not handles.
CODE_AT_WORDS = frozenset(
    {
        "override", "param", "return", "returns", "throws", "throw", "deprecated", "author", "since",
        "see", "test", "before", "after", "property", "staticmethod", "classmethod", "dataclass",
        "pytest", "types", "angular", "babel", "import", "media", "font-face", "keyframes",
        "interface", "implementation", "end", "synthesize", "nullable", "nonnull", "inject",
        "component", "injectable", "input", "output", "autowired", "bean", "service", "entity",
        "table", "column", "id", "get", "post", "put", "delete", "patch", "mock",
        "suppresswarnings", "functionalinterface", "safevarargs", "retention", "target",
        "documented", "inherited", "todo", "fixme", "example", "link", "code", "type", "var",
        "vue", "latest", "next", "ts-ignore", "ts-expect-error", "jsx", "charset", "supports",
        "layer", "apply", "tailwind", "use", "mixin", "include", "extend", "if", "else", "each",
        "for", "while", "function", "v", "click", "change", "submit", "key",
        # CSS at-rules (`@page` of a pasted spreadsheet's HTML)
        "page", "namespace", "container", "counter-style", "font-feature-values", "viewport",
    }
)

_HEADER = regex.compile(
    r"^[ \t>]*(?:from|to|cc|bcc|reply-to|sent by|x-from|x-to|x-cc|x-bcc|author|committer"
    r"|(?P<trailer>(?:signed-off|co-authored|reviewed|acked|tested|reported|suggested|helped)-by))"
    r"[ \t]*:[ \t]*"
    r"(?P<value>\S[^\n]*(?:\n[ \t]+\S[^\n]*)*)",
    regex.IGNORECASE | regex.MULTILINE,
)
_NAME_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*"
# Between a Notes name's words: spaces, or one line break where a long address list wraps
# (`Jane\nRoe/NA/Acme@ACME`); its units may hold `_` (`ENRON_DEVELOPMENT`).
_NAME_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_LOTUS = regex.compile(
    rf"(?<![\w@/])(?P<name>{_NAME_WORD}(?:{_NAME_GAP}(?:\p{{Lu}}\.?|{_NAME_WORD})){{1,3}})"
    r"(?:/[A-Za-z0-9&_\-]+)*@(?P<org>[A-Za-z][A-Za-z0-9_\-]*)(?![\w.@])"
    rf"|(?<![\w@/])(?P<name>{_NAME_WORD}(?:{_NAME_GAP}(?:\p{{Lu}}\.?|{_NAME_WORD})){{1,3}})"
    r"(?:/[A-Za-z0-9&_\-]+){1,3}(?=@|[ \t]+on[ \t]|[ \t]*$|[ \t]*[,;)])",
    regex.MULTILINE,
)
# A firm's legal form written with a slash (`ACME PHARMA A/S`, `ACME LINHAS S/A`): its letter
# is no Notes name's initial, nor what follows it a unit.
_LEGAL_FORM_SLASH = regex.compile(r"(?<![\w])(?:A/S|S/A)(?![\w/])")
# Text before a doc comment's tag on its line (`/** @brief`, `/// @note`), and a block
# comment's continuation (` * @retval`), which in prose is a list's bullet (`* @jroe`).
_DOC_COMMENT = regex.compile(r"[ \t]*(?:/\*\*|/\*!|///|//!)[ \t]*")
_DOC_STAR = regex.compile(r"[ \t]*\*[ \t]*")
# Text before an @-word opening a line comment's text (`// @note`, `# @todo`): in code, a tag.
_LINE_COMMENT = regex.compile(r"[ \t]*(?://|#)[ \t]*")
# What follows a BibTeX entry's type (`@article{roe2021,`, `@InProceedings{`) or a Sass
# at-rule glued to its block: a brace, which no mention is glued to.
_BRACE_AFTER = regex.compile(r"\{")
# What follows an @-word that the text names as code: `the @x tag`, `` `@x` annotation``.
_TAG_NOUN = regex.compile(r"`?[ \t]+(?i:tags?|annotations?|decorators?|directives?)\b")
# What follows a decorator opening a line: its arguments or the line's end.
_DECORATOR_END = regex.compile(r"[ \t]*(?:\(|\r?\n|$)")
# Before an IR function's symbol on its line (MLIR's `func.func @fuse(`, LLVM's `define i32
# @main(`, `call void @f(`): the @-word is a function's name, not a mention.
_IR_BEFORE = regex.compile(r"(?:\b[\w.]*func|\b(?:define|declare|call|invoke)(?:[ \t]+[\w*%<>]+){0,3})"
                           r"[ \t]+$")
# What a decorator decorates, on the next line past any other decorators, where code was
# pasted with no fence: a definition (`@overload\ndef f(...)`, `@Injectable()\nexport class`).
_DECORATED = regex.compile(
    r"(?:\([^\n]*)?\r?\n(?:[ \t]*@[\w.]+(?:\([^\n]*)?\r?\n)*[ \t]*"
    r"(?:(?:async[ \t]+)?(?:def|function|fun)[ \t]+\w+[ \t]*\(|class[ \t]+\w+[ \t]*[(:{<]"
    r"|class[ \t]+\w+[ \t]+(?:extends|implements)\b"
    r"|(?:export|public|private|protected|static|abstract|final|override)[ \t][^\n]*[{();][ \t]*\r?$)",
    regex.MULTILINE,
)
_X500 = regex.compile(r"(?i:/cn=recipients/cn=)(?P<id>[A-Za-z0-9._\-]+)")
_HANDLE = regex.compile(
    r"(?<![\w@./\\:=+\-\u2588\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd])@(?P<id>[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9])){1,38})"
    r"(?![\w@/\-]|\.[A-Za-z0-9]|://)"
)
# A home folder after the start of a path, a drive (`C:\\`, WSL's `/mnt/c/`, Git Bash's `/c/`,
# Cygwin's `/cygdrive/c/`, also URL-encoded `C%3A%5C`), a root that holds homes (`/export/home`,
# `/var/home`, `/System/Volumes/Data/Users`; any path's first one to three folders,
# `/nfs/home/jroe/`, `/usr/local/corp/home/jroe/`, `C:/msys64/home/jroe/`, when a folder
# follows: never a URL's, whose folder follows its host), a WSL share (`\\\\wsl$\\Ubuntu\\home`),
# `Users` with its capital after any folder (`/Volumes/Macintosh HD/Users`), `file://` or an
# encoded slash (`%2Fhome%2Fjroe`), a CMake target's object folder that mirrors a source's
# absolute path (`CMakeFiles/x.dir/home/jroe/`); or a shell's `~jroe/`. The user name may hold any letter
# and a short name's `~` (`JOHNRO~1`).
_SEP = r"(?:[\\/]+|%2F|%5C)"
# A folder named after its user by a tool: Bazel's output base `/_bazel_jroe/`.
GLUED_HOME = "_bazel_"
_HOME = regex.compile(
    r"(?:(?i:(?:(?<![\w.%])|(?<=/mnt/[a-z]|/cygdrive/[a-z]|(?<![\w.])/[a-z]|/export|/var|/usr"
    r"|/data|%2F|%5C|\\wsl\$\\[^\\\s]{1,40}|\\wsl\.localhost\\[^\\\s]{1,40}|\.dir))"
    rf"{_SEP}(?:home|Users)|(?<![\w.])[A-Z](?::|%3A){_SEP}?(?:Users|Documents and Settings))"
    r"|(?<=[\w$])[\\/]Users)"
    rf"{_SEP}(?P<id>[\w.\-~]+?)(?=[\\/\s'\")\]:;,>]|%2F|%5C|\.?(?:\s|$)|$)"
    r"|(?<![\w.~\-])~(?P<id>[a-z_][a-z0-9._\-]*)(?=/)"
    rf"|(?<=[\\/]{GLUED_HOME})(?P<id>[A-Za-z_][\w.\-]*?)(?=[\\/])"
    r"|(?<=(?<![\w./])(?:/[\w\-]{2,24}){1,3}/(?i:home)/)(?P<id>[\w\-][\w.\-]*?)(?=/)"
)
# A home under a group folder: one or two letters or digits (a department's, an initial's:
# `/home/fe/jroe/`, `/home/j/jroe/`), a number, or a word for a group of users. Never after a
# drive (`C:/Users/jq/AppData/`): Windows keeps every profile right under `Users`.
_GROUP_HOME = regex.compile(
    r"(?<![\w.:])/(?:home|Users)/(?P<group>[A-Za-z0-9]{1,2}|\d+|users|staff|students?|people"
    r"|members|faculty|grad|guests)/(?P<id>[^/\s]+?)(?=/)"
)
_LOGIN = regex.compile(r"[\w.\-~$]+")
# The rest of a home's user after a terminal's line wrap, when the copy lost the line break
# and kept the padding to the terminal's width: `in '/home/jr<40 spaces>oe':`.
_WRAPPED = regex.compile(r" {16,}[\w.\-]+(?=[\\/'\"`:])")
# Folders of a user's profile, never a user's name: a path that has one in the user's place
# left the user out (`/home/Documents/labels.txt`).
_PROFILE_FOLDERS = frozenset({"desktop", "documents", "downloads", "pictures", "music", "videos",
                              "movies", "appdata", "onedrive", "library", "applications",
                              "miniconda3", "anaconda3", "miniforge3"})
# Folders a home holds, never a user under a group folder (`/home/jq/src/` is jq's).
_HOME_FOLDERS = _PROFILE_FOLDERS | {"src", "code", "dev", "git", "repos", "projects", "workspace",
                                    "work", "bin", "lib", "build", "tmp", "local", "opt", "venv",
                                    "env", "go", "conda", "snap", "sdk", "android", "workspaces"}
# What every match of `_HOME`, `_GROUP_HOME` and `_HOME_SPACED` holds: a home root after a
# separator, a drive's colon or an encoded one (`/home`, `C:Users`, `%2Fhome`), a Bazel output
# base or a shell's `~user`. Not the bare words: `home` and `users` are common in prose.
_HOME_HINT = regex.compile(
    r"(?i:(?:[\\/]|%2F|%5C|:|%3A)(?:home|users|documents and settings)|[\\/]_bazel_)|~[a-z_]"
)
# A Windows user name with spaces, before the next folder: `C:\\Users\\Jane Roe\\AppData`.
_HOME_SPACED = regex.compile(
    r"(?i:(?<![\w.])[A-Z]:[\\/]+(?:Users|Documents and Settings)[\\/]+)"
    r"(?P<id>[\w.\-~]+(?: [\w.\-~]+){1,3})(?=[\\/])"
)
_USER_AT_HOST = regex.compile(
    r"(?<![\w.@/\\:\-+])(?P<id>[a-z_][a-z0-9_.\-]*)@(?:(?P<ip>\d{1,3}(?:\.\d{1,3}){3})(?!\.?\w)"
    r"|(?P<host>[A-Za-z0-9][A-Za-z0-9\-]*)(?![\w@\-]|\.[A-Za-z0-9]|://))"
)
# Hosts that are a package's version or tag (`react@18`, `lodash@latest`) or a Lotus Notes
# organisation in capitals (`@ENRON`).
_NOT_HOST = regex.compile(r"(?i:v?\d[\w\-]*|latest|next|beta|alpha|canary|main|master|head|dev"
                          r"|stable|rc|lts|types|sha\d+)|[A-Z]{2,}")
# A branch at a commit, as a version is written (`master@ba616b9`): no user at a host.
_GIT_REFS = frozenset({"master", "main", "trunk", "develop", "head", "origin"})
_COMMIT = regex.compile(r"[0-9a-f]{7,40}")
# A host of letters only is a machine where a shell shows it: a prompt (`jroe@laptop:~/src$`,
# `[jroe@laptop src]$`, `jroe@laptop ~ %`) or a remote login (`ssh jroe@laptop`).
_PROMPT_AFTER = regex.compile(r":[~/]|[ \t]+~|[ \t][^\s\]]*\][$#%]|[ \t]*[$#%>][ \t]|[ \t]*\]")
# A prompt that shows its user with no `@host`, opening a line: AWS Cloud9's `jroe:~/environment $`
# (`user:~dir $`), macOS bash's `Janes-MBP:tool jroe$` (`host:dir user$`), `[jroe ~]$`. The
# prompt's `~` is the user's home, so a generic login there (`ubuntu`, `ec2-user`) is replaced
# where it stands, as a home's (`/home/ubuntu/`); the superuser (`root:~#`) is no one.
_PROMPT_USER = regex.compile(
    r"(?m:^[ \t>]*(?:(?P<id>[a-z_][a-z0-9_.\-]{0,31}):~[\w./\-]*[ \t]?[$#%]"
    r"|[\w.\-]+:[~\w.\-]+[ \t]+(?P<id>[a-z_][a-z0-9_.\-]{0,31})[$#]"
    r"|\[(?P<id>[a-z_][a-z0-9_.\-]{0,31})[ \t]+[~\w.\-]+\][$#%])(?=[ \t\r]|$))"
)
# (looked for from the sign, the rare part, back: from each word character it cost more)
_PROMPT_HINT = regex.compile(r"(?<=[~\]\w.\-][ \t]?)[$#%](?:[ \t\r]|$)", regex.M)
_LOGIN_BEFORE = regex.compile(
    r"(?:\[|(?i:ssh|scp|sftp|rsync|mosh|telnet)[ \t]+(?:-\S+[ \t]+(?:\d+[ \t]+)?)*)$"
)
_PROFILE = regex.compile(
    r"(?i:(?<![\w.])(?:https?://)?(?:(?:www|m|mobile|[a-z]{2})\.)?(?P<site>linkedin\.com/in|github\.com|gitlab\.com"
    r"|gist\.github\.com|raw\.githubusercontent\.com|bitbucket\.org|huggingface\.co"
    r"|twitter\.com|x\.com|facebook\.com|instagram\.com|medium\.com|wandb\.ai|keybase\.io"
    r"|reddit\.com/u|reddit\.com/user|youtube\.com|npmjs\.com/~|dev\.to|t\.me|twitch\.tv"
    r"|patreon\.com|ko-fi\.com|buymeacoffee\.com|paypal\.me|codeberg\.org|gitee\.com|gitea\.com"
    r"|framagit\.org|sr\.ht|git\.sr\.ht|gist\.githubusercontent\.com|hub\.docker\.com/[ru]"
    r"|kaggle\.com|codepen\.io|replit\.com|observablehq\.com|hackmd\.io|tiktok\.com"
    r"|threads\.net|bsky\.app/profile|gravatar\.com|about\.me|linktr\.ee|gitter\.im|vimeo\.com"
    r"|soundcloud\.com|behance\.net|dribbble\.com|hackerone\.com|leetcode\.com|liberapay\.com"
    r"|flickr\.com/photos|flickr\.com/people|pinterest\.com))/(?P<at>[@~]?)"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9])?)(?:/(?P<repo>[\w.\-]+))?"
    r"(?P<more>/[^\s)\]>\"']*)?"
)
# Sites whose first path segment is always an account (`medium.com/@x/post`, `wandb.ai/x/run`).
_ACCOUNT_SITES = frozenset({"linkedin.com/in", "twitter.com", "x.com", "instagram.com",
                            "wandb.ai", "gist.github.com", "keybase.io", "reddit.com/u",
                            "reddit.com/user", "npmjs.com/~", "dev.to", "t.me", "twitch.tv",
                            "patreon.com", "ko-fi.com", "buymeacoffee.com", "paypal.me",
                            "gist.githubusercontent.com", "hub.docker.com/u", "kaggle.com",
                            "codepen.io", "replit.com", "observablehq.com", "hackmd.io",
                            "tiktok.com", "threads.net", "bsky.app/profile", "gravatar.com",
                            "about.me", "linktr.ee", "gitter.im", "vimeo.com", "soundcloud.com",
                            "behance.net", "dribbble.com", "hackerone.com", "leetcode.com",
                            "liberapay.com", "flickr.com/photos", "flickr.com/people",
                            "pinterest.com"})
# A site named after its account (`jroe.github.io`, `jroe.substack.com`): an owner, as in a
# repository URL.
_PAGES_DOMAINS = (
    r"(?:github\.io|gitlab\.io|medium\.com|substack\.com|wordpress\.com|blogspot\.com"
    r"|tumblr\.com|bsky\.social|hashnode\.dev)"
)
_PAGES_SITE = regex.compile(
    rf"(?i:(?<![\w.\-])(?P<id>[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)\.{_PAGES_DOMAINS})\b"
)
# What a text must hold for `_PAGES_SITE` (tried at every word) to match: looked for first.
_PAGES_HINT = regex.compile(rf"(?i:\.{_PAGES_DOMAINS})")
# Any site's account paths: `host/@jroe` (Mastodon, TikTok, Threads), a home page
# `host/~jroe/` (a university's, Launchpad's), `host/u/jroe`,
# `host/users/123/jane-roe`, `host/profile/jroe`, `github.com/sponsors/jroe` (first segment).
_AT_PATH = regex.compile(
    r"(?<![\w.@/\-])(?:https?://)?(?P<host>(?:[\w\-]+\.)+[a-z]{2,})/[@~]"
    r"(?P<id>[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?)(?![\w@])"
)
_USER_FOLDER = r"/(?i:u|user|users|profile|profiles|people|member|members|id|sponsors|in|pub)/"
_USER_PATH = regex.compile(
    r"(?<![\w.@/\-])(?:https?://)?(?:[\w\-]+\.)+[a-z]{2,}"
    rf"{_USER_FOLDER}(?:\d+/)?"
    r"(?P<id>[A-Za-z][\w.\-]*[A-Za-z0-9])(?![\w@])"
)
_USER_FOLDER_HINT = regex.compile(_USER_FOLDER)  # as `_PAGES_HINT` for `_USER_PATH`
# A document further down the path: a dictionary word before it in a user folder's place is a
# site's section (`boost.org/users/history/version_1_78_0.html`), not an account.
_DOCUMENT_AFTER = regex.compile(r"/[\w.\-]+\.(?i:html?|php|aspx?|md|txt|pdf)\b")
# A repository's owner in a git remote (`git@github.com:jroe/tool.git`) or on a self-hosted
# forge (`gitlab.example.org/jroe/tool`, `gitea.`, `forgejo.`), or a GitHub repository that
# another site opens by its path (`codesandbox.io/s/github/jroe/tool`,
# `nbviewer.org/github/jroe/tool`, `cdn.jsdelivr.net/gh/jroe/tool`), or an image's owner in a
# container registry (`ghcr.io/jroe/tool:1`, `quay.io/`, `docker.io/`), or a repository named
# by its path alone: a GitHub Actions step's `uses: jroe/setup-tool@v2`, npm's `github:jroe/tool`.
_FORGE_OWNER = regex.compile(
    r"(?<![\w.@\-])[a-z][\w.\-]*@(?:[\w\-]+\.)+[a-z]{2,}:/?"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9])?)/(?P<repo>[\w.\-]+)"
    r"|(?<![\w.])(?:https?://)?(?:(?i:gitlab|gitea|forgejo)\.(?:[\w\-]+\.)+[a-z]{2,}"
    r"|(?:[\w\-]+\.)+[a-z]{2,}(?:/[\w\-]+){0,2}/(?:github|gh)"
    r"|(?i:ghcr\.io|quay\.io|docker\.io|registry\.gitlab\.com))/"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9])?)/(?P<repo>[\w.\-]+)"
    r"|(?<![\w.\-])(?:(?i:uses):[ \t]*[\"']?|(?i:github|gitlab|bitbucket):)"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9])?)/(?P<repo>[\w.\-]+)"
)
_FORGE_HINT = regex.compile(r"@|(?i:gitlab|gitea|forgejo|ghcr|quay|docker)\.|/gh/|/github/"
                            r"|(?i:uses|github|gitlab|bitbucket):")
# The user field of a Common or Combined Log Format line (Apache, nginx, Jira's access log):
# `192.0.2.7 - jroe [10/Oct/2023:13:55:36 +0000] "GET ..."`.
ACCESS_LOG = regex.compile(
    r"(?<![\w.:])(?P<ip>(?:\d{1,3}\.){3}\d{1,3})[ \t]+\S+[ \t]+(?P<id>[A-Za-z_\-][\w.\-]*)"
    r"[ \t]+\[\d{1,2}/\w{3}/\d{4}:"
)
# A Jira application or security log line: the thread, the user (`anonymous` when none), the
# request id (`617x1234x1`), the session id, then the client's address or a proxy chain
# (`10.20.30.44,10.0.0.2`): `http-nio-8080-exec-5 jroe 617x1234x1 1ab2cd3 10.20.30.44 /rest/...`.
REQUEST_LOG = regex.compile(
    r"(?<![\w.@\-])(?P<id>[A-Za-z_][\w.@\-]*)[ \t]+\d+x\d+x\d+[ \t]+\S+[ \t]+"
    r"(?P<ips>(?:\d{1,3}\.){3}\d{1,3}(?:,[ \t]*(?:\d{1,3}\.){3}\d{1,3})*)(?![\d.]*\d)"
)
# What every `REQUEST_LOG` line holds, its request id's `9x9`: looked for first, as the pattern
# is tried at every word (`request_logs`).
_REQUEST_HINT = regex.compile(r"\dx\d")
# A lower-case login after a verb's `by` or a `cc` (`reported by jroe42`, `/cc jroe`), after
# what a person makes (`a talk by jroe`) or a verb whose object is a person (`thanks jroe`,
# `ask jroe`), also ending its sentence (`Assigned to jroe.`); a word of the dictionary or a
# common word is not one (`fixed by upgrading`, `cc all`, `thanks again`).
_BY_VERB = (
    r"(?<![\w.])(?i:(?:reported|opened|created|filed|submitted|raised|authored|written|posted"
    r"|commented|fixed|merged|closed|reopened|reviewed|approved|suggested|proposed|requested"
    r"|assigned|mentioned|noticed|found|contributed|implemented|edited|updated|maintained)"
    r"[ \t]+by|/?cc:?|(?:thanks|kudos|credits?|shout-?outs?)[ \t]+to|(?:n?ack|lgtm)[ \t]+from"
    # what a person makes, by its author (`a talk by jroe`, `Comment by jroe [ 12/Mar/21 ]`)
    r"|(?:talk|comment|post|blog[ \t]+post|patch|pr|fix|commit|answer|reply|suggestion|idea"
    r"|video|article|presentation|proposal|review)s?[ \t]+by"
    # a verb whose object is a person (`thanks jroe!`, `ask jroe`, `reassigning to jroe`)
    r"|thanks|thank[ \t]+you|thx|ping|pinging|pinged|ask|asking|asked"
    r"|(?:re)?assign(?:ing|ed)?[ \t]+(?:it[ \t]+)?to|(?:discussed|talked|spoke|speaking)[ \t]+(?:to|with))"
    r"[ \t]+(?P<id>[a-z][a-z0-9_\-]{2,38})(?![\w@/(\-]|\.\w|:/)"
)
# a login's part in the thread: `from jroe99's comment`, `see jroe's fork`
_BY_POSSESSIVE = (
    r"(?<![\w.@/\-])(?P<id>[a-z][a-z0-9_\-]{2,38})['’]s[ \t]+(?i:comments?|repl(?:y|ies)"
    r"|answers?|suggestions?|reviews?|pr|pull request|fork|branch|patch|repro|gist|post)\b"
)
_BY_LOGIN = regex.compile(f"{_BY_VERB}|{_BY_POSSESSIVE}")
# The same in a text without `'s`, where the possessive cannot match (its branch, tried at
# every lower-case word, costs about half the scan).
_BY_VERB_LOGIN = regex.compile(_BY_VERB)
# What a login's account has: `the jroe fork`, `this jroe account` name a login, not a noun.
_ACCOUNT_THINGS = (r"(?:comments?|repl(?:y|ies)|answers?|suggestions?|reviews?|prs?|pull"
                   r"|fork|forks|branch(?:es)?|patch(?:es)?|repro|gists?|posts?|account|profile"
                   r"|repo|repos|repository|user|login|handle)")
# What stands before a program's name that opens a command line: a prompt, a bullet, `::`.
_COMMAND_START = regex.compile(r"[ \t]*(?:[$>#%][ \t]*|::[ \t]*|[-*][ \t]+)?")
# A command's first argument: a flag or a path (`cmake ..`, `cmake --build`, `cmake -G`).
_COMMAND_ARGS = regex.compile(r"[ \t]+(?:--?\w|\.{1,2}(?:[/\\\s]|$)|[/~])")
# A pull request's head, its author's fork and branch: `Merge pull request #12 from jroe/fix`,
# `wants to merge 2 commits into acme:main from jroe:patch-1`, a compare URL's
# `main...jroe:fix`.
_PR_HEAD = regex.compile(
    r"(?i:merge[ \t]+pull[ \t]+request[ \t]+#\d+[ \t]+from)[ \t]+(?P<id>[A-Za-z0-9][\w\-]{0,38})/"
    r"|(?i:into)[ \t]+[\w.\-]+:[\w./\-]+[ \t]+(?i:from)[ \t]+(?P<id>[A-Za-z0-9][\w\-]{0,38}):"
    r"|/compare/[^\s.]*\.\.\.(?P<id>[A-Za-z0-9][\w\-]{0,38}):(?=[\w./\-])"
)
# A site's section whose next path segment is an account: a Hugging Face or Kaggle dataset,
# space, model or notebook (`huggingface.co/datasets/jroe/set`, `kaggle.com/code/jroe/nb`), the
# GitHub API's repositories and users (`api.github.com/repos/jroe/tool`), an organisation's
# member (`github.com/orgs/acme/people/jroe`).
_SECTION_ACCOUNT = regex.compile(
    r"(?i:(?<![\w.])(?:https?://)?(?:www\.)?(?:huggingface\.co|kaggle\.com|api\.github\.com"
    r"|github\.com/orgs/[\w\-]+)/(?:datasets|spaces|models|code|repos|users|people)/)"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9])?)(?:/(?P<repo>[\w.\-]+))?"
)
# A line of a GitHub issue's timeline pasted as text: `jroe commented on Mar 3`,
# `jroe opened this issue`, `jroe added the bug label`, the login maybe in bold (`**jroe**
# commented on Mar 3`); of a Jira issue's activity: `jroe added a comment - 12/Mar/21 10:04`,
# `jroe made changes - ...`.
_TIMELINE = regex.compile(
    r"(?m:^[ \t>]*(?:\*\*)?(?P<id>[A-Za-z0-9][A-Za-z0-9\-]{1,38})(?:\*\*)?[ \t]+"
    r"(?:(?:commented[ \t]+on"
    r"|(?:opened|closed|reopened|locked|pinned|self-assigned|mentioned|referenced|marked)"
    r"[ \t]+this|merged[ \t]+(?:\d+[ \t]+commits?|commit)|approved[ \t]+these[ \t]+changes"
    r"|requested[ \t]+(?:a[ \t]+)?review|requested[ \t]+changes|left[ \t]+a[ \t]+comment"
    r"|changed[ \t]+the[ \t]+title|(?:added|pushed)[ \t]+\d+[ \t]+commits?|added[ \t]+a[ \t]+commit"
    r"|force-pushed[ \t]+the|(?:added|removed)[ \t]+the[ \t]+\S+[ \t]+labels?)\b"
    r"|(?:added[ \t]+a[ \t]+comment|made[ \t]+changes|logged[ \t]+work)[ \t]+-[ \t]))"
)
# A branch named after its author, `<login>/<topic>`, as a git command names it: `git co
# jroe/fix-x`, `git checkout -b jroe/fix-x`, `git push origin jroe/fix-x` (not `origin/main`,
# `feature/x`, `dependabot/npm/x`: `_BRANCH_PREFIXES`).
_BRANCH_OWNER = regex.compile(
    r"(?i:\bgit[ \t]+(?:checkout|co|switch|branch|merge|rebase|cherry-pick|push|pull|fetch|log"
    r"|diff|show|reset)(?:[ \t]+-{1,2}[\w\-]+)*(?:[ \t]+(?:origin|upstream))?[ \t]+)"
    r"(?P<id>[A-Za-z0-9][A-Za-z0-9\-]{1,38})/[\w.\-]"
)
_BRANCH_PREFIXES = frozenset(
    {
        "origin", "upstream", "feature", "features", "feat", "fix", "fixes", "bugfix", "bug",
        "hotfix", "release", "releases", "dependabot", "renovate", "chore", "docs", "doc", "refs",
        "heads", "remotes", "tags", "tag", "pr", "pull", "wip", "topic", "experiment", "exp",
        "main", "master", "dev", "develop", "build", "ci", "backport", "revert", "perf",
        "refactor", "style", "test", "tests", "gh-pages", "head", "users", "user", "patch",
        "update", "deps", "security", "v1", "v2", "stable", "next", "canary",
    }
)
# git's own user setting: `git config --global user.name "Jane Roe"`, `user.email=jr@x.org`.
_GIT_USER = regex.compile(
    r"(?i:\buser\.name)(?:[ \t]*=[ \t]*|[ \t]+)(?:[\"'](?P<name>[^\"'\n]{2,60})[\"']"
    r"|(?P<id>[A-Za-z][\w.\-]{0,37}[\w\-])(?![\w.(]))"
)
# Package and CDN hosts, whose `/@scope` is a package's organisation (`npmjs.com/~x` is a user).
_PACKAGE_HOSTS = regex.compile(r"(?i:unpkg|jsdelivr|esm\.sh|skypack|npmjs|deno\.land|jsr\.io"
                               r"|yarnpkg|pkg\.pr)")
# Code-hosting accounts of organisations and projects, well known enough that a repository URL
# under them names no person (`github.com/microsoft/vscode`).
ORG_ACCOUNTS = frozenset(
    {
        "microsoft", "google", "googleapis", "google-research", "googlecloudplatform", "facebook",
        "facebookresearch", "meta-llama", "apache", "mozilla", "tensorflow", "pytorch",
        "huggingface", "openai", "aws", "awslabs", "aws-samples", "azure", "azure-samples",
        "kubernetes", "docker", "moby", "nodejs", "npm", "python", "rust-lang", "golang",
        "jetbrains", "vercel", "github", "actions", "apple", "ibm", "intel", "nvidia", "oracle",
        "redhat", "elastic", "hashicorp", "angular", "vuejs", "reactjs", "sveltejs", "electron",
        "flutter", "dotnet", "android", "chromium", "numpy", "scipy", "pandas-dev",
        "scikit-learn", "matplotlib", "jupyter", "conda", "conda-forge", "pypa", "django",
        "pallets", "webpack", "babel", "eslint", "prettier", "definitelytyped", "yarnpkg",
        "vitejs", "denoland", "opencv", "bitcoin", "ethereum", "llvm", "gcc-mirror", "git",
        "torvalds", "cli", "homebrew", "ansible", "grafana", "prometheus", "helm", "istio",
        "envoyproxy", "apple-oss-distributions", "mdn", "w3c", "whatwg", "tc39", "unicode-org",
        "keras-team", "onnx", "ray-project", "dask", "wandb", "spacy", "explosion",
        "cloudflare", "netlify", "shopify", "stripe", "twilio", "airbnb", "uber", "netflix",
        "alibaba", "tencent", "baidu", "bytedance", "huawei", "samsung", "adobe", "salesforce",
        "atlassian", "gitlab-org", "mongodb", "redis", "grpc", "protocolbuffers",
        # foundations, projects and companies behind widely used tools and libraries
        "psf", "pycqa", "pytest-dev", "python-poetry", "astral-sh", "pydantic", "encode",
        "sqlalchemy", "celery", "aio-libs", "ipython", "numba", "pola-rs", "python-pillow",
        "scikit-image", "plotly", "bokeh", "holoviz", "streamlit", "gradio-app", "jupyterlab",
        "mamba-org", "pyinstaller", "pybind", "cython", "rapidsai", "dmlc", "optuna", "allenai",
        "stanfordnlp", "nltk", "open-mmlab", "paddlepaddle", "openvinotoolkit", "nvlabs",
        "lightning-ai", "mlflow", "jax-ml", "google-deepmind", "deepmind", "ultralytics",
        "langchain-ai", "ollama", "vllm-project", "anthropics", "atom", "expressjs", "reduxjs",
        "remix-run", "mui", "ant-design", "tailwindlabs", "storybookjs", "jestjs", "mochajs",
        "typescript-eslint", "prisma", "supabase", "firebase", "nuxt", "nestjs", "laravel",
        "symfony", "rails", "spring-projects", "eclipse", "gradle", "jenkinsci", "seleniumhq",
        "cypress-io", "puppeteer", "tauri-apps", "julialang", "ziglang", "dart-lang", "swiftlang",
        "kotlin", "openjdk", "graalvm", "tokio-rs", "serde-rs", "neovim", "vim", "tmux", "ohmyzsh",
        "godotengine", "unity-technologies", "khronosgroup", "openssl", "curl", "nginx", "gnome",
        "kde", "freedesktop", "mesa3d", "boostorg", "abseil", "bazelbuild", "emscripten-core",
        "webassembly", "bytecodealliance", "v8", "kubernetes-sigs", "containerd",
        "opencontainers", "cncf", "argoproj", "open-telemetry", "influxdata", "cockroachdb",
        "confluentinc", "opensearch-project", "sqlite", "postgres", "duckdb", "clickhouse",
        "getsentry", "home-assistant", "esphome", "arduino", "espressif", "platformio",
        "raspberrypi", "adafruit", "zephyrproject-rtos", "openwrt", "wireshark", "owasp",
        "flathub", "canonical", "debian", "archlinux", "nixos", "msys2", "git-for-windows",
        "powershell", "microsoftdocs", "xamarin", "mono", "facebookincubator", "googlesamples",
        "material-components", "aws-amplify", "bitcoin-core", "btcsuite", "lightningnetwork",
        "elementsproject",
    }
)
# The parts of an account or repository name: words of a CamelCase, hyphenated or snake_case
# name, digits left out (`PaddleSeg` -> `Paddle`, `Seg`).
_NAME_PART = regex.compile(r"\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})")
# Words that make a hyphenated account a group's (`acme-team`, `acme-labs`, `acme-org`).
TEAM_PARTS = frozenset({"team", "teams", "org", "orgs", "lab", "labs", "group", "project",
                        "projects", "community", "official", "dev", "devs", "hq", "inc", "io",
                        "ai", "foundation", "research", "contrib", "tools", "oss", "opensource",
                        "developers", "archive", "mirror", "mirrors", "bot", "bots", "cloud",
                        "network", "toolkit", "actions", "academy", "engineering", "software",
                        "systems", "solutions", "technologies", "studio", "studios", "institute"})
# Groups' words that end a one-word account of an organisation (`ZorvexOrg`, `introlab`).
_GLUED_GROUP = frozenset({"org", "orgs", "hq", "inc", "lab", "labs", "team", "teams", "foundation",
                          "commons", "collective", "community", "project", "projects", "group"})
# Of those, the words that make an account a group's even beside a listed name (`mui-org`,
# `anna-team`: a person's account is not named `-org` or `-foundation`).
GROUP_PARTS = frozenset({"org", "orgs", "team", "teams", "labs", "group", "community", "official",
                         "foundation", "hq", "inc", "project", "projects"})
# A project's short tail glued to its name in the project's account (`zorvexdb/zorvex`,
# `zorvexwg/zorvex-18`, `zorvexjs/zorvex`): a database, working group, language or team code.
PROJECT_TAILS = frozenset({"db", "wg", "js", "io", "hq", "ai", "dev", "app", "apps", "lab", "org",
                           "py", "rs", "ts", "ui", "sdk", "api", "cli", "hub", "kit", "ml", "team",
                           "labs", "inc", "oss"})
# Languages and platforms whose ports of a project live in an account named `<ecosystem>-<project>`.
ECOSYSTEMS = frozenset({"python", "py", "js", "node", "nodejs", "go", "golang", "rust", "php",
                        "ruby", "java", "swift", "kotlin", "dotnet", "julia", "haskell", "ocaml",
                        "elixir", "erlang", "perl", "lua", "scala", "vim", "neovim", "emacs",
                        "react", "vue", "angular", "svelte", "django", "flask", "rails", "laravel",
                        "android", "ios", "flutter", "dart", "deno", "wasm", "cpp", "cxx", "qt",
                        "gnome", "kde", "eclipse", "jupyter", "ros", "arduino", "docker", "helm",
                        "terraform", "ansible", "webpack", "babel", "eslint", "typescript", "ts"})
# A Jira server's profile link (`secure/ViewProfile.jspa?name=jroe`) and a login given to a
# command as its user (`sudo -u jroe`, `ssh -l jroe`, `su - jroe`, `chown jroe:staff`).
_COMMAND_HINT = regex.compile(r"(?i:viewprofile|sudo|doas|runuser|ssh|chown)|\bsu\b")
_COMMAND_USER = regex.compile(
    r"(?i:viewprofile\.jspa\?name=)(?P<id>[A-Za-z0-9][\w.\-]{0,38}[A-Za-z0-9])(?![\w@])"
    r"|(?<![\w\-./])(?:(?:sudo|doas|runuser)[ \t]+(?:-\w+[ \t]+)*-u[ \t]*"
    r"|ssh[ \t]+(?:-\w+[ \t]+)*-l[ \t]*|su[ \t]+(?:-l?[ \t]+)?|chown[ \t]+(?:-\w+[ \t]+)*)"
    r"(?P<id>[a-z_][a-z0-9_.\-]*[a-z0-9_])(?=[ \t:]|$)"
)
_ACCOUNT_ID = regex.compile(
    r"(?:(?i:account[_\-]?ids?)[\"']?[ \t]*(?:[=:]|%3D|%3A|%22%3A%22|%22%3A)?[ \t]*\[?[\"']?"
    r"|(?i:/(?:jira|wiki)/people/))"
    r"(?P<id>(?=[0-9a-z]*\d)[0-9a-z]{6,}(?:(?::|%3A)[0-9a-z\-]{6,})?)(?![\w\-])"
    r"|(?i:user-images\.githubusercontent\.com/|avatars\d*\.githubusercontent\.com/u/"
    r"|cloud\.githubusercontent\.com/assets/|github\.com/[\w.\-]+/[\w.\-]+/assets/)"
    r"(?P<id>\d{3,})(?=[/?\s)\]\"']|$)"
)
# A user's number on a site: a Stack Exchange profile's or a share link's sharer
# (`stackoverflow.com/users/<user>/jroe`, `stackoverflow.com/q/<question>/<user>`), a Discord
# user's (`discord.com/users/<user>`), a GitHub API user object's after its login (`"login":
# "jroe", "id": 1234567`); looked for only in a text that names one of them (`_SITE_HINT`).
_SITE_USER_NUMBER = regex.compile(
    r"(?<![\w\-])(?:stackoverflow|stackexchange|serverfault|superuser|askubuntu|mathoverflow)"
    r"\.(?:com|net)/(?:[qa]/\d+|users)/(?P<id>\d{2,})(?![\w.\-])"
    r"|(?<![\w\-])discord(?:app)?\.com/users/(?P<id>\d{5,20})(?!\w)"
    r"|\"login\"[ \t]*:[ \t]*\"[^\"\n]{1,40}\"[ \t]*,[ \t\r\n]*\"id\"[ \t]*:[ \t]*(?P<id>\d{2,})(?!\d)"
)
_SITE_HINT = regex.compile(
    r"overflow\.|stackexchange\.|serverfault\.|superuser\.|askubuntu\.|discord|\"login\"")
# A Discord user's tag after the word (`Discord: jroe#1234`, the name before its four digits).
_DISCORD_TAG = regex.compile(
    r"(?i:\bdiscord\b)[^\n@#]{0,24}?(?<![\w./])@?(?P<id>[A-Za-z0-9_.]{2,32})#\d{4}(?!\w)")
# A user name as the value of a user field in JQL, a query string or JSON: `assignee = jroe`,
# `reporter in (jroe, ...)` (JQL's list in brackets; `for user in user_list` is a loop),
# `?author=jroe`, `"login": "jroe"`, `Maintainer: jroe`, also URL-encoded (never a URL's scheme:
# `Owner: https://...`); a Jira mention `[~jroe]`, a quoted name
# after a user word (`The user 'jroe' has PASSED authentication`), a login glued to a JQL field
# when spaces were lost (`assigneejroe`). Lower case only, as logins are written (`user =
# User(...)` is code).
_USER_FIELD = regex.compile(
    r"(?<![\w.])(?i:(?:assignee|reporter|creator|watcher|author|owner|user|login|uploader"
    r"|committer|account|member|sender|requester|maintainers?|reviewers?|contributors?)"
    r"(?:[_\-]?(?:name|id|login|key))?|screen_name"
    r"|nick(?:name)?)[\"']?(?:[ \t]*(?:!?=|~|:)[ \t]*|%3D|%253D|%3A|[ \t]+(?i:in[ \t]*\(|was(?!\w))[ \t]*)"
    r"[\"']?(?P<id>[a-z][a-z0-9._\-]{1,38}[a-z0-9])(?![\w(\[@]|\.\w|:/)"
    r"|\[~(?!accountid:)(?P<id>[\w.\-]{2,40})\]"
    r"|(?<![\w.])(?i:user|username|login|account)[ \t]+[\"'‘](?P<id>[a-z][a-z0-9._\-]{1,38}[a-z0-9])[\"'’]"
    r"|(?<![\w.])(?:assignee|reporter|creator|watcher)(?P<id>[a-z][a-z0-9._\-]{2,38}[a-z0-9])"
    r"(?![\w(\[@]|\.\w)"
)
_JIRA_MENTION = regex.compile(r"\[~(?!accountid:)(?P<id>[\w.\-]{2,40})\]")
_NOT_USERS = frozenset({"currentuser", "empty", "null", "none", "true", "false", "undefined",
                        "unassigned", "nil", "self", "this", "is", "not", "in"})
# An address-list entry outside a header line: `"tmarsh" <tom.marsh@example.com>`.
_QUOTED_ADDRESS = regex.compile(
    r"\"[^\"\n<>]{1,60}\"[ \t]*<[^<>\s]+@[^<>\s]+>"
    rf"|(?<![\w\"'@<])(?:{_NAME_WORD}\.?[ \t]+){{1,3}}{_NAME_WORD}[ \t]*<[^<>\s]+@[^<>\s]+>"
)
# A reply's attribution line: `On Mon, 2 Jan 2023 at 10:00, Jane Roe <jr@x.org> wrote:`,
# `On 2023-01-02, jroe wrote:` (the value read as an address-list entry).
_ATTRIBUTION = regex.compile(
    r"(?m:^[ \t>]*On[ \t][^\n]{4,60}?,[ \t]*(?P<value>[^\n,<>]{2,60}?(?:[ \t]*<[^<>\s]+@[^<>\s]+>)?)"
    r"[ \t]+wrote:)"
)
_RESPOND_TO = regex.compile(r"(?i:please respond to)[ \t]+(?P<id>[a-z][a-z0-9._\-]*[a-z0-9])\b")
_LS_OWNER = regex.compile(
    r"(?<![\w\-])[\-dlcbps][rwxsStT\-]{9}[@+.]?[ \t]+\d+[ \t]+(?P<id>[a-z_][\w.\-]*)[ \t]+[\w.\-]+"
)
# `first.last` in lower case is a login (`andy.stenson`), also glued to a JQL user field
# (`assigneeandy.stenson`); both parts must be listed names (`curate.pii.names`).
_DOTTED_LOGIN = regex.compile(
    r"(?<![\w.@/\\\-])(?:assignee|reporter|creator|watcher|user|owner)?"
    r"(?P<id>(?P<first>[a-z]{2,})\.(?P<last>[a-z]{2,}))(?![\w@\-]|\.\w|\()"
)
_DOTTED_HINT = regex.compile(r"[a-z]{2}\.[a-z]{2}")  # as `_PAGES_HINT` for `_DOTTED_LOGIN`
# A login inside the name of a key or signature file: an SSH key named after its user
# (`id_rsa_jroe`, `id_ed25519-jroe.pub`, `jroe_rsa.pub`), a maintainer's key (`jroe.asc`;
# `builder-keys/jroe.gpg` in a keys folder: elsewhere a `.gpg` is mostly a package source's
# keyring, `nodesource.gpg`), a signer's folder of attestations (`guix.sigs/22.0/jroe/`). A
# file's last extension before the key's is no one (`x.tar.gz.asc`).
_KEY_HINT = regex.compile(r"(?i:\.(?:asc|gpg|pgp|sig|pub)\b|\bid_(?:rsa|dsa|ecdsa|ed25519)|_rsa\b|\.sigs/)")
_KEY_FILE = regex.compile(
    r"(?i:\bid_(?:rsa|dsa|ecdsa|ed25519)[_\-])(?P<id>[A-Za-z][\w\-]{1,38}?)(?=\.pub\b|(?![\w.\-]))"
    r"|(?<![\w.\-])(?P<id>[A-Za-z][\w\-]{1,38}?)(?i:_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?)(?![\w.\-])"
    r"|(?<![\w.\-])(?P<id>[A-Za-z][\w\-]{1,38})(?i:\.asc)(?![\w.\-])"
    r"|(?i:\b(?:[\w\-]+-)?keys/)(?P<id>[A-Za-z][\w\-]{1,38})(?i:\.(?:asc|gpg|pgp|pub|sig))(?![\w.\-])"
    r"|(?i:\b(?:guix|gitian)\.sigs/[\w.\-]+/)(?P<id>[A-Za-z][\w\-]{1,38})(?=/)"
)
# File words around a key's or signature's name that name no one (`SHA256SUMS.asc`, a
# security key's `id_ed25519_sk`).
_KEY_FILE_WORDS = frozenset({"sha256sums", "sha512sums", "sha1sums", "md5sums", "sums", "pubkey",
                             "privkey", "gpgkey", "pgpkey", "keyring", "pubring", "secring",
                             "trustdb", "noncodesigned", "codesigned", "assert", "manifest",
                             "checksums", "checksum", "inrelease", "detached", "signed", "sk",
                             "cert", "keys", "key"})
_PROFILE_PAGES = frozenset(
    {
        "orgs", "topics", "features", "settings", "marketplace", "apps", "sponsors", "about",
        "login", "join", "search", "explore", "notifications", "pricing", "collections", "issues",
        "pulls", "trending", "site", "home", "share", "intent", "hashtag", "company", "jobs",
        "pages", "groups", "events", "watch", "p", "i", "tag", "help", "security", "contact",
        "enterprise", "readme", "codespaces", "new", "account", "policies", "docs", "datasets",
        "spaces", "models", "blog", "papers", "learn", "api", "tasks", "channel", "c", "results",
        "playlist", "shorts", "feed", "r", "downloads", "snippets", "dashboard", "edit",
        "sign_in", "sign_up", "signin", "signup", "logout", "password", "profile", "current",
        "self", "register", "list", "index", "advisories", "solutions", "resources",
        "customer-stories", "education", "stars", "mobile", "link", "redirect",
    }
)


# A model hub's model named without an account (`huggingface.co/distilbert-base-cased`,
# `t5-small`, `opt-1.3b`): a hyphenated part that gives the model's size or casing.
_MODEL_ID = regex.compile(r"(?i:-(?:base|large|small|tiny|mini|medium|xl|xxl|cased|uncased"
                          r"|multilingual|\d+(?:\.\d+)?[bm])(?:-|$))")
# Subdomains of blog hosts that are the host's own, not an account's.
_PAGES_HOSTS = frozenset({"www", "docs", "blog", "api", "m", "help", "support", "status", "about",
                          "news", "en", "engineering", "pages", "developer", "developers"})


def mentions(text: str) -> list[Mention]:
    """Every structural mention of a person in `text`, in order of position."""
    return list(kept_mentions(text))


def address_headers(text: str) -> list[Mention]:
    """The address headers and git trailers of `text` (`From: ...`, `Signed-off-by: ...`) and
    its quoted addresses (`"Jane Roe" <jr@x.org>`): a cheap part of `mentions`, enough to
    survey a whole dataset's people (`curate.pii.roster`)."""
    return [
        *(Mention(*m.span("value"), "trailer" if m["trailer"] else "header", m["value"])
          for m in _HEADER.finditer(text)),
        *(Mention(*m.span(), "header", m.group()) for m in _QUOTED_ADDRESS.finditer(text)),
    ]


@lru_cache(maxsize=4096)
def kept_mentions(text: str) -> tuple[Mention, ...]:
    """`mentions`, kept per text until `kept_mentions.cache_clear()`: redact reads again the
    texts its first pass left as they were, to verify them (and clears after each batch)."""
    found = [
        *address_headers(text),
        *(Mention(*m.span("value"), "header", m["value"]) for m in _ATTRIBUTION.finditer(text)),
        *_lotus(text),
        *(Mention(*m.span("id"), "handle", m["id"]) for m in _X500.finditer(text)),
        *_handles(text),
        *_home_users(text),
        *(Mention(*m.span("id"), "name", m["id"]) for m in _homes(text, _HOME_SPACED)),
        *_users_at_hosts(text),
        *(Mention(*m.span("id"), "handle", m["id"]) for m in _prompts(text)
          if _personal(m["id"])),
        *_profiles(text),
        *(Mention(*m.span("id"), "id", m["id"]) for m in _ACCOUNT_ID.finditer(text)),
        *(Mention(*m.span("id"), "id", m["id"])
          for m in (_SITE_USER_NUMBER.finditer(text) if _SITE_HINT.search(text) else ())),
        *(Mention(*m.span("id"), "handle", m["id"])
          for m in (_DISCORD_TAG.finditer(text) if "iscord" in text else ()) if _personal(m["id"])),
        *(Mention(*m.span("id"), "handle", m["id"]) for m in _command_users(text)
          if _personal(m["id"])),
        *(Mention(*m.span("id"), "handle", m["id"])
          for pattern in (_RESPOND_TO, _LS_OWNER) for m in pattern.finditer(text)
          if _personal(m["id"])),
        *_dotted_logins(text),
        *_key_file_owners(text),
        *_user_fields(text),
        *_forge_owners(text),
        *(Mention(*m.span("id"), "handle", m["id"])
          for m in [*ACCESS_LOG.finditer(text), *request_logs(text)]
          if _personal(m["id"]) and m["id"] != "-"),
        *_by_logins(text),
        *_pr_heads(text),
        *_section_accounts(text),
        *_git_users(text),
        *_branch_owners(text),
    ]
    return tuple(sorted(found))


def _users_at_hosts(text: str) -> list[Mention]:
    """The user of `user@host`: a host with a digit or a hyphen (`orla@lab-gpu-07`) or an IP
    address anywhere, a host of letters only in a prompt or a remote login."""
    found = []
    for m in _USER_AT_HOST.finditer(text) if "@" in text else ():
        host = m["host"]
        if not _personal(m["id"]) or (host is not None and _NOT_HOST.fullmatch(host)):
            continue
        if host is not None and m["id"] in _GIT_REFS and _COMMIT.fullmatch(host):
            continue  # a branch at a commit (`master@ba616b9`)
        if host is not None and host.isalpha() and not (
            _PROMPT_AFTER.match(text, m.end())
            or _LOGIN_BEFORE.search(text, max(0, m.start() - 40), m.start())
        ):
            continue
        found.append(Mention(*m.span("id"), "handle", m["id"]))
    return found


def _command_users(text: str) -> list[regex.Match[str]]:
    """`_COMMAND_USER`'s matches, looked for only in a text that names such a command or link."""
    return list(_COMMAND_USER.finditer(text)) if _COMMAND_HINT.search(text) else []


def request_logs(text: str) -> list[regex.Match[str]]:
    """`REQUEST_LOG`'s matches, looked for only in a text with a request id's `9x9`."""
    return list(REQUEST_LOG.finditer(text)) if _REQUEST_HINT.search(text) else []


def _prompts(text: str) -> list[regex.Match[str]]:
    """`_PROMPT_USER`'s matches, looked for only in a text with a prompt's sign after a `~`,
    `:` or `]` (the pattern runs from every line's start)."""
    return list(_PROMPT_USER.finditer(text)) if _PROMPT_HINT.search(text) else []


def _forge_owners(text: str) -> list[Mention]:
    """Owners of `_FORGE_OWNER` URLs, looked for only in a text that names such a place (the
    pattern's host part is costly at every position)."""
    return [
        Mention(*m.span("id"), "owner", m["id"])
        for m in (_FORGE_OWNER.finditer(text) if _FORGE_HINT.search(text) else ())
        if m["id"].casefold() not in _PROFILE_PAGES and _personal(m["id"])
        and _personal_owner(m["id"], m["repo"])
    ]


def _by_logins(text: str) -> list[Mention]:
    """Logins after `reported by`, `cc`, `thanks to`, `ACK from`, `a talk by`, `thanks`, `ask`,
    `reassigning to`, or before `'s comment` (`_BY_LOGIN`): no English or everyday
    word, no organisation's account, no program the text runs (`as reported by cmake`
    where a command line or code block starts with `cmake`), no word the text writes
    after an article (`updated by context` beside `the context`: a noun the word list lacks),
    and nothing in code or a log line (`requested by <package>` in a package manager's log)."""
    common = name_lists()[2]
    pattern = _BY_LOGIN if "'s" in text or "’s" in text else _BY_VERB_LOGIN
    return [
        Mention(*m.span("id"), "handle", m["id"])
        for m in pattern.finditer(text)
        if _personal(m["id"]) and m["id"] not in common and not english_word(m["id"])
        and m["id"] not in ORG_ACCOUNTS and not _run_as_command(text, m["id"])
        and not _after_article(text, m["id"]) and not in_code(text, m.start("id"))
    ]


def _after_article(text: str, word: str) -> bool:
    """Whether `text` writes `word` after an article or a determiner (`the context`, `a
    context`): a noun of the language, not a login; unless what follows makes it an
    account's (`the jroe fork`, `this jroe account`)."""
    return regex.search(rf"(?i:\b(?:the|a|an|this|that|these|those|each|every|any|some|no)"
                        rf"[ \t]+{regex.escape(word)}\b(?![ \t]+{_ACCOUNT_THINGS}\b))",
                        text) is not None


def _run_as_command(text: str, word: str) -> bool:
    """Whether `word` opens a command line of `text` with a flag or path after it (`cmake ..
    -G x`, `$ cmake --build`) or stands in its code: a program's name, not a login."""
    for m in regex.finditer(rf"(?<![\w.\-/@]){regex.escape(word)}(?![\w.\-@/])", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if (_COMMAND_START.fullmatch(text, line_start, m.start())
                and _COMMAND_ARGS.match(text, m.end())) or in_code(text, m.start()):
            return True
    return False


def _pr_heads(text: str) -> list[Mention]:
    """Authors of pull requests by their fork (`_PR_HEAD`) and of timeline lines (`_TIMELINE`):
    a login that is no English or everyday word and no organisation's account."""
    common = name_lists()[2]
    found = [*_PR_HEAD.finditer(text), *(_TIMELINE.finditer(text) if " " in text else ())]
    return [
        Mention(*m.span("id"), "handle", m["id"]) for m in found
        if _personal(m["id"]) and m["id"].casefold() not in ORG_ACCOUNTS
        and not english_word(m["id"]) and m["id"].casefold() not in common
    ]


def _section_accounts(text: str) -> list[Mention]:
    """Accounts after a site's section (`_SECTION_ACCOUNT`): a repository's or dataset's owner
    as an "owner" mention (a project's account is none), an account alone as a handle."""
    return [
        Mention(*m.span("id"), "owner" if m["repo"] else "handle", m["id"])
        for m in _SECTION_ACCOUNT.finditer(text)
        if _personal(m["id"]) and (not m["repo"] or _personal_owner(m["id"], m["repo"]))
    ]


def _git_users(text: str) -> list[Mention]:
    """git's `user.name` setting: a quoted name (a person's by position, as a trailer's; not a
    template's `"Your Name"`: English words, none a listed name) or a login."""
    return [
        Mention(*m.span("name"), "trailer", m["name"]) if m["name"]
        else Mention(*m.span("id"), "handle", m["id"])
        for m in _GIT_USER.finditer(text)
        if (m["name"] and not _template_name(m["name"]))
        or (m["id"] and _personal(m["id"]) and not english_word(m["id"]))
    ]


def _branch_owners(text: str) -> list[Mention]:
    """Authors of branches named `<login>/<topic>` in a git command (`_BRANCH_OWNER`): a login
    that is no branch prefix, no English or everyday word."""
    return [
        Mention(*m.span("id"), "handle", m["id"])
        for m in (_BRANCH_OWNER.finditer(text) if "git" in text else ())
        if _personal(m["id"]) and m["id"].casefold() not in _BRANCH_PREFIXES
        and not english_word(m["id"]) and m["id"].casefold() not in name_lists()[2]
    ]


def _template_name(name: str) -> bool:
    first, last, _ = name_lists()
    words = [w.casefold() for w in regex.findall(r"[\p{L}']+", name)]
    return all(english_word(w) and w not in first and w not in last for w in words)


def _user_fields(text: str) -> list[Mention]:
    return [
        Mention(*m.span("id"), "handle", m["id"])
        for m in _USER_FIELD.finditer(text)
        if _personal(m["id"]) and m["id"].casefold() not in _NOT_USERS | ORG_ACCOUNTS
        and not english_word(m["id"]) and m["id"].casefold() not in name_lists()[2]
        and ("." not in m["id"] or m["id"].partition(".")[0] in name_lists()[0])  # `request.user`
    ]


def users_in_place(text: str) -> list[tuple[int, int, str]]:
    """(start, end, user) of user names replaced where they stand but never looked for
    elsewhere: the user of a home path that names no one in particular (`/home/user/`,
    `/home/runner/`) or is a word (`/home/will/`), a Jira mention that is a word (`[~bill]`):
    their position says they are a user's, the word elsewhere is a word (so is a device's
    account named after its maker, `/home/nvidia/` on a Jetson: `NVIDIA` elsewhere is the
    firm, `ORG_ACCOUNTS`); a user glued to
    a tool's folder name (`_bazel_jroe`), which no search for the name as a word finds (never
    the superuser's `root`: `_bazel_root` names no one, as `/root/`); and a
    numeric login, an employee number (`/Users/300012345/.npm`), unless a user's folder
    follows it as a group's (`/home/123/jroe/`): the same digits elsewhere are any number;
    and a user cut by a terminal's line wrap (`/home/jr<spaces>oe'`), whole; a login glued
    to a key file's name (`id_rsa_jroe`, `jroe_rsa.pub`); and a Windows user with a space
    not written as a name (`C:\\Users\\Jane roe\\`), whole."""
    grouped, found = _grouped(text), _homes(text)
    homes = [(*m.span("id"), m["id"]) for m in found
             if ((not _personal(m["id"]) or _word(m["id"]) or m["id"].casefold() in ORG_ACCOUNTS
                  or text.endswith(GLUED_HOME, 0, m.start("id")))
                 and any(c.isalpha() for c in m["id"]) and m["id"] != "root")
             or (len(m["id"]) >= 3 and m["id"].isdigit() and m.span("id") not in grouped)]
    homes += [(m.start("id"), wrap.end(), text[m.start("id") : wrap.end()])
              for m in found if (wrap := _WRAPPED.match(text, m.end("id")))]
    mentioned = [(*m.span("id"), m["id"]) for m in _JIRA_MENTION.finditer(text) if _word(m["id"])]
    prompts = [(*m.span("id"), m["id"]) for m in _prompts(text)
               if not _personal(m["id"]) and m["id"] != "root" and any(c.isalpha() for c in m["id"])]
    keys = [(m.start, m.end, m.value) for m in _key_file_owners(text)
            if text[m.start - 1 : m.start] == "_" or text[m.end : m.end + 1] == "_"]
    # a Windows user with a space that is not written as a name (`C:\\Users\\Jane roe\\`):
    # its position says it is one user, whole; a name (`Jane Roe`) is a person's
    spaced = [(*m.span("id"), m["id"]) for m in _homes(text, _HOME_SPACED)
              if not all(word[:1].isupper() for word in m["id"].split())]
    return homes + mentioned + prompts + keys + spaced


def _home_users(text: str) -> list[Mention]:
    """The users of home paths; under a group folder (`/home/fe/jroe/`, `/home/staff/jroe/`)
    the user is the folder after the group's (none when that is already a placeholder), unless
    that folder is hidden (`/Users/300037427/.npm/`) or the "group" a generic account's own
    home (`/home/ci/opencv/`): then the first folder is the home. A home named after an
    organisation (`/home/nvidia/`) is replaced where it stands only (`users_in_place`)."""
    grouped = _grouped(text)
    users = [grouped.get(home.span("id"), home) for home in _homes(text)]
    return [Mention(*m.span("id"), "handle", m["id"]) for m in users
            if _personal(m["id"]) and _LOGIN.fullmatch(m["id"])
            and m["id"].casefold() not in ORG_ACCOUNTS]


@lru_cache(maxsize=4096)
def _grouped(text: str) -> dict[tuple[int, int], regex.Match[str]]:
    """The group folders of `text`'s homes that a user's folder follows (`_home_users`), by
    the group's span. A "group" that holds two different folders in the text
    (`/home/zs/pcl-1.8/`, `/home/zs/pcl_ws/`) or that the text names as a login (`ai@ai:~$`
    beside `/home/ai/nvidia/`) is a user's home: its folders are the user's, not users. Kept per text until
    `forget_homes()` (`users_in_place` and `_home_users` both ask)."""
    found = _homes(text, _GROUP_HOME)
    if not found:  # most texts: no home under a group, so no login scan
        return {}
    folders: dict[str, set[str]] = {}
    for m in found:
        folders.setdefault(m["group"], set()).add(m["id"])
    logins = {m.value for m in _users_at_hosts(text)} | {m["id"] for m in _prompts(text)}
    return {m.span("group"): m for m in found
            if m["id"].casefold() not in _HOME_FOLDERS and not _word(m["id"])
            and not m["id"].startswith(".") and m["group"].casefold() not in GENERIC_USERS
            and len(folders[m["group"]]) == 1 and m["group"] not in logins}


def _word(user: str) -> bool:
    return english_word(user) or user.casefold() in name_lists()[2]


@lru_cache(maxsize=4096)
def _homes(text: str, pattern: regex.Pattern[str] = _HOME) -> tuple[regex.Match[str], ...]:
    """`pattern`'s matches, looked for only in a text that names a home root (`_HOME_HINT`: the
    pattern's look-behinds are costly at every position); a profile's folder in the user's place
    (`/home/Downloads/x`, `C:\\Users\\anaconda3\\envs`: the writer left the user out) is no
    user. Kept per text and pattern until `forget_homes()` (a text is asked up to five times a
    pass)."""
    if _HOME_HINT.search(text) is None:
        return ()
    return tuple(m for m in pattern.finditer(text) if m["id"].casefold() not in _PROFILE_FOLDERS)


def forget_homes() -> None:
    """Empty the per-text caches of home paths (`_homes`, `_grouped`)."""
    _homes.cache_clear()
    _grouped.cache_clear()


def _dotted_logins(text: str) -> list[Mention]:
    first, last, _ = name_lists()
    return [
        Mention(*m.span("id"), "handle", m["id"])
        for m in (_DOTTED_LOGIN.finditer(text) if _DOTTED_HINT.search(text) else ())
        if m["first"] in first and m["last"] in last and _personal(m["id"])
    ]


def _key_file_owners(text: str) -> list[Mention]:
    """The login a key or signature file is named after (`_KEY_FILE`); not an English word,
    a common word, a file word or an organisation's account (`release.asc`, `SHA256SUMS.asc`,
    `KEYS.asc`, `id_rsa_github`)."""
    if _KEY_HINT.search(text) is None:
        return []
    common = name_lists()[2]
    return [
        Mention(*m.span("id"), "handle", m["id"]) for m in _KEY_FILE.finditer(text)
        if _personal(m["id"]) and not english_word(m["id"]) and m["id"].casefold() not in common
        and m["id"].casefold() not in _KEY_FILE_WORDS | ORG_ACCOUNTS
    ]


def _personal(user: str) -> bool:
    """No generic user, no number, no elision (`C:\\Users\\...\\`): a letter at least."""
    return (user.casefold() not in GENERIC_USERS and not user.isdigit() and len(user) > 1
            and any(c.isalpha() for c in user))


def _lotus(text: str) -> list[Mention]:
    return [
        Mention(*m.span("name"), "name", " ".join(m["name"].split()))
        for m in _LOTUS.finditer(text)
        if m["name"].split()[-1].casefold() not in GENERIC_USERS
        and not _LEGAL_FORM_SLASH.match(text, m.end("name") - 1)
    ]


def _handles(text: str) -> list[Mention]:
    return [
        Mention(*m.span("id"), "handle", m["id"])
        for m in _HANDLE.finditer(text)
        if _personal(m["id"]) and m["id"].casefold() not in CODE_AT_WORDS
        and not _code_tag(text, m.start(), m.end()) and not _BRACE_AFTER.match(text, m.end())
    ]


def _code_tag(text: str, at: int, end: int) -> bool:
    """Whether the @-word at text[at:end] is code by its position: a doc comment's tag opening
    the comment's text (`/** @brief`, `/// @note`; ` * @retval` in a fenced block), or a
    decorator opening a line of code (`@njit` alone or before `(` in a fenced block, or before
    a definition on the next line: `@overload\ndef f(...)`); a mention stands in prose (a
    bullet `* @jroe`); or an @-word named as a tag, annotation or decorator (`the @since
    tag`), or a dictionary word in backticks (`` `@description` ``: a handle there is a login),
    or an IR function's symbol before its arguments (`func.func @fuse(`, `call i32 @f(`);
    in code, a dictionary word opening a line comment's text (`// @note`; `// @jroe` is a
    login) or an @-word in capitals (autoconf's `checking for archiver @FILE support`, a
    batch file's `@ECHO OFF`); a ` * @brief` line inside a block comment that `/**` opened,
    pasted without a fence."""
    if _TAG_NOUN.match(text, end) or (text[at - 1 : at] == "`" == text[end : end + 1]
                                      and english_word(text[at + 1 : end])):
        return True
    line_start = text.rfind("\n", 0, at) + 1
    if text[end : end + 1] == "(" and _IR_BEFORE.search(text, line_start, at):
        return True  # an IR function's symbol: `func.func @fuse(%arg0`
    if _DOC_COMMENT.fullmatch(text, line_start, at):
        return True
    if _DOC_STAR.fullmatch(text, line_start, at):
        # ` * @retval` in a fenced block or an open `/**` comment; not a bullet `* @jroe`
        return in_code(text, at) or text.rfind("/*", 0, at) > text.rfind("*/", 0, at)
    word = text[at + 1 : end]
    if (word.isupper() or (_LINE_COMMENT.fullmatch(text, line_start, at) and english_word(word))
            ) and in_code(text, at):
        return True
    if text[line_start:at].strip() or _DECORATOR_END.match(text, end) is None:
        return False
    return in_code(text, at) or _DECORATED.match(text, end) is not None


def _profiles(text: str) -> list[Mention]:
    """The account of a profile URL: always on sites whose first path segment is an account
    (`linkedin.com/in/x`, `medium.com/@x/post`, `wandb.ai/x/project`); a bare profile elsewhere
    (`github.com/x`); and the owner of a repository URL (`github.com/x/tool`) as an "owner"
    mention, unless the owner is an organisation by name (`ORG_ACCOUNTS`) or the project's own
    account (`bitcoin/bitcoin`, `reactjs/reactjs.org`), or a model hub's model named without an
    account (`huggingface.co/t5-small`: `_MODEL_ID`), or a site's section that a document
    follows (`/users/history/version_1_78_0.html`: `_DOCUMENT_AFTER`). The record's own
    repository's owner is dropped later (`curate.pii.people`)."""
    pages = _PAGES_SITE.finditer(text) if _PAGES_HINT.search(text) else ()
    found = [Mention(*m.span("id"), "owner", m["id"]) for m in pages
             if _personal(m["id"]) and _personal_owner(m["id"], "")
             and m["id"].casefold() not in _PAGES_HOSTS]
    at_paths = _AT_PATH.finditer(text) if "/@" in text or "/~" in text else ()
    found += [Mention(*m.span("id"), "handle", m["id"]) for m in at_paths
              if _personal(m["id"]) and m["id"].casefold() not in CODE_AT_WORDS
              and not (_PACKAGE_HOSTS.search(m["host"]) and text[m.start("id") - 1] == "@")]
    user_paths = _USER_PATH.finditer(text) if _USER_FOLDER_HINT.search(text) else ()
    found += [Mention(*m.span("id"), "handle", m["id"]) for m in user_paths
              if _personal(m["id"]) and m["id"].casefold() not in _PROFILE_PAGES
              and not (english_word(m["id"]) and _DOCUMENT_AFTER.match(text, m.end()))]
    for m in _PROFILE.finditer(text):
        owner = m["id"]
        if owner.casefold() in _PROFILE_PAGES or not _personal(owner) or (
                m["site"].casefold() == "huggingface.co" and _MODEL_ID.search(owner)):
            continue
        site = m["site"].casefold()
        if site in _ACCOUNT_SITES or m["at"] or not m["repo"]:
            found.append(Mention(*m.span("id"), "handle", owner))
        elif _personal_owner(owner, m["repo"]):
            found.append(Mention(*m.span("id"), "owner", owner))
    return found


def _personal_owner(owner: str, repo: str) -> bool:
    """Whether a repository's owner may be a person: not a known organisation, not the
    project's own account (the repository is named after it, its punctuation apart:
    `xtermjs/xterm.js`), not a project's or team's
    account by its shape (`project_account`)."""
    folded, project = owner.casefold(), repo.casefold()
    return (folded not in ORG_ACCOUNTS and not project.startswith(folded)
            and regex.sub(r"[\W_]", "", project) != folded.replace("-", "")
            and not project_account(owner, repo))


def project_account(owner: str, repo: str) -> bool:
    """Whether a repository's owner is a project's, team's or ecosystem's account by its
    shape: it shares a name part of four letters or more, no listed name, with the repository
    (`PaddleX/PaddleSeg`, `py-widget/Widget`, `acme-team/acme`), it is the initials of the
    repository's three words or more (`aopp/address-ownership-proof-protocol`), or it is hyphenated, no part a
    listed name, as a team or lab (`acme-team`, `acme-labs`, an English word and a short code:
    `sail-sg`) or an ecosystem's port of a project (`python-widget`, `rust-acme`), or one word
    glued to a team word of four letters or more, the rest no listed name (`acmenetwork`,
    `widgettoolkit`, `qengineering`), or a repository's name part with a project's tail
    (`zorvexdb/zorvex`: `_tailed_project`), or an organisation's by its words
    (`_organisations_account`: `acme-org`, `QuorvexZembla/libquorvexzembla`). A person's
    account shows none of these (`janeroe/widget`, `jane-roe/tool`; one English word, too:
    people take them, `pellucid/tool`)."""
    first, last, _ = name_lists()
    parts = [p.casefold() for p in _NAME_PART.findall(owner)]
    named = {p for p in parts if p in first or p in last}
    shared = {p for p in parts if len(p) >= 4} & {p.casefold() for p in _NAME_PART.findall(repo)}
    if shared - named or _organisations_account(owner, parts, named, repo.casefold()):
        return True
    words = _NAME_PART.findall(repo)
    if len(words) >= 3 and owner.casefold() == "".join(w[0] for w in words).casefold():
        return True  # the repository's initials (`aopp/address-ownership-proof-protocol`)
    if _glued_team(owner.casefold(), first, last) or _tailed_project(owner, repo, first, last):
        return True
    pieces = owner.casefold().split("-")
    if len(pieces) < 2 or named:
        return False
    return (any(p in TEAM_PARTS for p in pieces) or pieces[0] in ECOSYSTEMS
            or (len(pieces[-1]) <= 2 and english_word(pieces[0])))


def _organisations_account(owner: str, parts: list[str], named: set[str], repo: str) -> bool:
    """Whether an account is an organisation's by its words, whoever else shares them: a
    hyphenated group word (`mui-org`, `anna-foundation`: even beside a listed name), or two or
    more of its words glued, no listed name among them, inside its repository's name
    (`QuorvexZembla/libquorvexzembla`: the product the account is named after). A known
    organisation's name at its start is no such sign: people take them (`bitcoinfan`)."""
    folded = owner.casefold()
    if any(piece in GROUP_PARTS for piece in folded.split("-")[1:]) or _glued_group(owner):
        return True
    return not named and any(len(glued) >= 6 and glued in repo
                             for glued in ("".join(parts[i:j]) for i in range(len(parts))
                                           for j in range(i + 2, len(parts) + 1)))


def _glued_group(owner: str) -> bool:
    """Whether a one-word account ends in a group's word glued on (`_GLUED_GROUP`): after a
    CamelCase break (`ZorvexOrg`, `QuorvexCommons`, `AnnaLab`), or in one case after four
    letters or more that are an English word and no listed name (`entropyorg`, `introlab`; not
    `ingeborg`, `annalab`) or any letters before `hq` or `inc` (`zorvexhq`, even beside a
    surname: `roehq`). A person's login is not named so."""
    words = _NAME_PART.findall(owner)
    if len(words) >= 2 and words[-1].casefold() in _GLUED_GROUP and owner.endswith(words[-1]):
        return len(words[-2]) >= 3 and not (owner.isupper() or owner.islower())
    folded = owner.casefold()
    for tail in _GLUED_GROUP:
        head = folded[: -len(tail)]
        if folded.endswith(tail) and len(head) >= 4 and head.isalpha():
            first, last, _ = name_lists()
            return tail in ("hq", "inc") or (english_word(head) and head not in first | last)
    return False


def _glued_team(folded: str, first: frozenset[str], last: frozenset[str]) -> bool:
    """Whether a one-word account ends in a team word (`acmenetwork`, `widgetlabs`) after three
    letters or more that are no listed name (not `marialabs`), or after any letters when the
    word is an institution's of eight letters or more (`qengineering`, `zorvexacademy`)."""
    heads = ((folded[: -len(part)], len(part)) for part in TEAM_PARTS
             if len(part) >= 4 and folded.endswith(part))
    return any((len(head) >= 3 or size >= 8) and head.isalpha() and head not in first
               and head not in last for head, size in heads)


def _tailed_project(owner: str, repo: str, first: frozenset[str], last: frozenset[str]) -> bool:
    """Whether the account is a name part of four letters or more of the repository with a
    project's tail glued on (`zorvexdb/zorvex`, `zorvexwg/zorvex-18`), the account itself no
    listed name (not `annak/anna-notes`: a person's first name and initial has no such tail)."""
    folded = owner.casefold()
    if folded in first or folded in last:
        return False
    return any(len(part) >= 4 and folded.startswith(part) and folded[len(part):] in PROJECT_TAILS
               for part in (p.casefold() for p in _NAME_PART.findall(repo)))
