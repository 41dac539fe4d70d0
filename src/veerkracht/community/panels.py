"""The learning community on the home page: a link to search what others learned."""
