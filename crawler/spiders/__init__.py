"""Spiders decide what to fetch; site profiles in ``extractors.profiles`` decide the cleaning."""
