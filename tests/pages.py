"""A small synthetic news page shared by the zone and metadata unit tests."""

HEADLINE = "Scientists Discover New Species of Frog in Rainforest"
ARTICLE = [
    "Researchers working deep in the Amazon rainforest have identified a small green frog "
    "that had never been described by science before.",
    "The team spent three months recording calls at night, and the new species sings in a pitch "
    "that no other frog in the region uses.",
    "Local guides helped the scientists reach the remote streams where the frogs live, a journey "
    "that took several days by boat and on foot.",
]
RELATED_TITLE = "Another Rare Frog Found in Peru Last Year"
RELATED = [
    "A different group of biologists reported a similar discovery in the mountains of Peru, "
    "where a tiny brown frog was found under rocks.",
    "That frog is now protected by a regional law that limits logging near the streams where it "
    "breeds every spring.",
]
COMMENT_HEADER = "#1 Comment By Bob On March 3, 2020 @ 10:00 am"
COMMENT_LINE = "Great article, thanks for sharing!"

PAGE = [
    "Home",  # 0
    "World",  # 1
    "Politics",  # 2
    HEADLINE,  # 3
    "By Jane Doe",  # 4
    ARTICLE[0],  # 5
    ARTICLE[1],  # 6
    "Advertisement",  # 7
    ARTICLE[2],  # 8
    "Related",  # 9
    RELATED_TITLE,  # 10
    RELATED[0],  # 11
    RELATED[1],  # 12
    COMMENT_HEADER,  # 13
    COMMENT_LINE,  # 14
]
