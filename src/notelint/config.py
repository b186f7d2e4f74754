"""Settings: rule selection and the per-group options rules read.

This is the one place settings are defined; command-line options and configuration
files are both turned into a ``Config`` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

# Every group but NL6; NL8 and NL9 hold the rules of installed plugins.
DEFAULT_SELECT: tuple[str, ...] = ("NL0", "NL1", "NL2", "NL3", "NL4", "NL5", "NL7", "NL8", "NL9")

DEFAULT_CODE_HOSTS: tuple[str, ...] = (
    "github.com",
    "gitlab.com",
    "gitee.com",
    "bitbucket.org",
    "codeberg.org",
    "huggingface.co",
    "sourceforge.net",
    "git.sr.ht",
    "colab.research.google.com",
    "paperswithcode.com",
    "kaggle.com",
    "modelscope.cn",
    "openi.pcl.ac.cn",
    "gitcode.com",
    "github.io",
)

# Venues seen in paper notes; matching ignores case, a trailing year and "Findings"/"Workshop".
DEFAULT_VENUES: tuple[str, ...] = (
    "AAAI",
    "ACL",
    "ACM MM",
    "AISTATS",
    "arXiv",
    "BMVC",
    "CHI",
    "CIKM",
    "CoLLM",
    "COLING",
    "CoNLL",
    "COLM",
    "CoRL",
    "CVPR",
    "DAC",
    "EACL",
    "ECAI",
    "ECCV",
    "ECIR",
    "EMNLP",
    "ICASSP",
    "ICCV",
    "ICDE",
    "ICDM",
    "ICLR",
    "ICME",
    "ICML",
    "ICRA",
    "IJCAI",
    "IJCNN",
    "IJCNLP",
    "INTERSPEECH",
    "IROS",
    "JMLR",
    "KDD",
    "LREC",
    "MICCAI",
    "MLSys",
    "NAACL",
    "NeurIPS",
    "NIPS",
    "OSDI",
    "PAKDD",
    "RecSys",
    "RSS",
    "SDM",
    "SIGGRAPH",
    "SIGIR",
    "SIGMOD",
    "SOSP",
    "TACL",
    "TASLP",
    "TIP",
    "TKDE",
    "TMLR",
    "TNNLS",
    "TOG",
    "TPAMI",
    "UAI",
    "VLDB",
    "WACV",
    "WSDM",
    "WWW",
    "AACL",
    "ACCV",
    "ICONIP",
    "IJCV",
    "Nature",
    "Science",
    "PNAS",
    "CACM",
    "ICSE",
    "FSE",
    "ASE",
    "NDSS",
    "USENIX Security",
    "CCS",
    "S&P",
    "SIGKDD",
    "TheWebConf",
    "ISCA",
    "MICRO",
    "ASPLOS",
    "HPCA",
    "PLDI",
    "POPL",
    "ICLR Workshop",
    "NeurIPS Workshop",
    "ICML Workshop",
    "Findings",
    "Preprint",
    "OpenAI",
    "DeepMind",
    "Blog",
    "Tech Report",
    "Technical Report",
)

Order = Literal["descending", "ascending"]
Spacing = Literal["always", "never"]


@dataclass(frozen=True)
class YearsOptions:
    level: int | None = None
    order: Order = "descending"
    min: int = 1950


@dataclass(frozen=True)
class LinksOptions:
    code_hosts: tuple[str, ...] = DEFAULT_CODE_HOSTS
    code_style: str = "[[code]]"


@dataclass(frozen=True)
class VenuesOptions:
    known: tuple[str, ...] = DEFAULT_VENUES
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotesOptions:
    summary: str | None = None
    # What ends a note line: the spacing before the tag and the tag itself.
    break_: str = "  <br>"
    # Whether the last note of a block also needs the break.
    break_last: bool = False


@dataclass(frozen=True)
class CjkOptions:
    spacing: Spacing = "always"


@dataclass(frozen=True)
class Config:
    """Everything that decides what notelint checks and fixes."""

    select: tuple[str, ...] = DEFAULT_SELECT
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    years: YearsOptions = field(default_factory=YearsOptions)
    links: LinksOptions = field(default_factory=LinksOptions)
    venues: VenuesOptions = field(default_factory=VenuesOptions)
    notes: NotesOptions = field(default_factory=NotesOptions)
    cjk: CjkOptions = field(default_factory=CjkOptions)

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]
