"""Resource specs the generated-project tests build; together they cover every field type,
every modifier, defaults, optional fields and a chain of references."""

from __future__ import annotations

SPECS: dict[str, list[list[str]]] = {
    # The issue's own example, plus a category it may belong to.
    "shop": [
        ["Category", "name:str(80):unique", "description:text?"],
        [
            "Product",
            "name:str(120)",
            "price:decimal(10,2)",
            "stock:int=0",
            "sku:str:unique",
            "notes:text?",
            "category:ref(Category)?",
        ],
    ],
    # A chain of required references: Comment -> Post -> Author.
    "blog": [
        ["Author", "name:str", "email:str(254):unique", "bio:text?"],
        [
            "Post",
            "title:str(200)",
            "author:ref(Author)",
            "status:enum(draft|in-review|published)=draft",
            "published_at:datetime?",
            "tags:json?",
            "featured:bool=false",
        ],
        ["Comment", "post:ref(Post)", "body:text", "rating:float?"],
    ],
    # Every type, with and without defaults, optional and required, indexed and unique.
    "gadgets": [
        [
            "Gadget",
            "label:str(40):index",
            'summary:text="Nothing yet"',
            "count:int:index=1",
            "weight:float=1.5",
            "active:bool=true",
            "cost:decimal(12,4)=0.0000",
            "launched_on:date=2024-01-01",
            "seen_at:datetime=now",
            "serial:uuid=new",
            "code:uuid:unique",
            "specs:json={}",
            "grade:enum(a|b|c):index=b",
            "tier:enum(gold|silver):unique",
            "maybe_count:int?",
            "maybe_day:date?",
            "maybe_serial:uuid?",
            "maybe_price:decimal(6,2)?",
            "maybe_flag:bool?",
            "maybe_grade:enum(x|y)?",
        ],
    ],
    # Refs in every combination: to two different models, twice to the same one (names come
    # from the fields), a chain of three; SQL keywords, builtins and long names as fields.
    "clinic": [
        ["Patient", "full_name:str(120)", "birth_date:date?"],
        ["Doctor", "name:str(120)", "specialty:str(80)?"],
        [
            "Visit",
            "patient:ref(Patient):cascade",
            "doctor:ref(Doctor)",
            "referrer:ref(Doctor):set-null?",
            "order:int=0",
            "type:str(40)?",
            "check:bool=false",
            "group:str(30)?",
            "a_rather_long_field_name_for_searching_things:str(60)?",
            "another_quite_long_descriptive_text_field:text?",
        ],
        ["Diagnosis", "visit:ref(Visit)", "patient:ref(Patient)", "code:str(20):unique"],
    ],
    # Samples at the edges: a searched value as long as its column, past the 200 characters
    # `q` takes; a resource of one ref, whose samples never use the row number `n`; decimals
    # at the widest scale, which SQLite keeps as floats.
    "edges": [
        [
            "Label",
            "name:str:min_length(255)",
            "note:text:min_length(300)?",
            "ratio:decimal(38,38)",
            "amount:decimal(38,20)?",
        ],
        ["Tag", "label:ref(Label)"],
    ],
}
