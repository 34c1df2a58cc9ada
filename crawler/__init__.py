"""copydesk's Scrapy project: what to fetch, politely. Extraction lives in ``extractors``."""
