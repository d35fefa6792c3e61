"""The news feeds (RSS 2.0 and Atom): the newest live articles with link, summary, date,
author and tags; drafts left out. The XML is parsed, not searched."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from cms.demo import seed_pages
from cms.models import NewsIndexPage, NewsPage
from cms.selectors import FEED_ITEMS

ATOM = "{http://www.w3.org/2005/Atom}"


class NewsFeeds(WagtailPageTestCase):
    def setUp(self):
        seed_pages()
        self.index = NewsIndexPage.objects.get()
        self.article = self.index.add_child(
            instance=NewsPage(
                title="Chợ La Hiên lên chợ 4.0",
                slug="cho-la-hien",
                date=dt.date(2026, 5, 2),
                author="Trần Văn Nam",
                summary="Mọi quầy ở chợ La Hiên đã có mã QR.",
            )
        )
        self.article.tags.add("Chợ 4.0", "Võ Nhai")
        self.article.save_revision().publish()
        self.index.add_child(
            instance=NewsPage(title="Bài nháp", slug="nhap", date=dt.date(2026, 6, 1), live=False)
        )

    def get_xml(self, url: str, content_type: str) -> ET.Element:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith(content_type))
        return ET.fromstring(response.content)

    def test_rss_lists_live_articles_newest_first_with_their_details(self):
        channel = self.get_xml("/tin-tuc/rss.xml", "application/rss+xml").find("channel")
        self.assertEqual(channel.findtext("link"), "http://localhost/tin-tuc/")
        items = channel.findall("item")
        titles = [item.findtext("title") for item in items]
        self.assertEqual(
            titles,
            [
                "Chợ La Hiên lên chợ 4.0",
                "Mã truy xuất nguồn gốc miễn phí cho nông sản Thái Nguyên",
                "Chợ Hùng Sơn: mọi quầy hàng đều có mã QR",
            ],
        )
        first = items[0]
        self.assertEqual(first.findtext("link"), "http://localhost/tin-tuc/cho-la-hien/")
        self.assertEqual(first.findtext("description"), "Mọi quầy ở chợ La Hiên đã có mã QR.")
        self.assertIn(
            "Trần Văn Nam",
            first.findtext("author") or first.findtext("{http://purl.org/dc/elements/1.1/}creator"),
        )
        self.assertIn("02 May 2026", first.findtext("pubDate"))
        self.assertEqual(
            sorted(category.text for category in first.findall("category")), ["Chợ 4.0", "Võ Nhai"]
        )

    def test_atom_has_the_same_entries(self):
        feed = self.get_xml("/tin-tuc/atom.xml", "application/atom+xml")
        entries = feed.findall(f"{ATOM}entry")
        self.assertEqual(len(entries), 3)
        first = entries[0]
        self.assertEqual(first.findtext(f"{ATOM}title"), "Chợ La Hiên lên chợ 4.0")
        self.assertEqual(
            first.find(f"{ATOM}link").get("href"), "http://localhost/tin-tuc/cho-la-hien/"
        )
        self.assertEqual(first.findtext(f"{ATOM}author/{ATOM}name"), "Trần Văn Nam")
        self.assertTrue(first.findtext(f"{ATOM}published").startswith("2026-05-02"))
        self.assertEqual(
            sorted(c.get("term") for c in first.findall(f"{ATOM}category")), ["Chợ 4.0", "Võ Nhai"]
        )

    def test_feed_keeps_only_the_newest_twenty_in_fixed_queries(self):
        with CaptureQueriesContext(connection) as three:
            self.get_xml("/tin-tuc/rss.xml", "application/rss+xml")
        for n in range(FEED_ITEMS + 3):
            self.index.add_child(
                instance=NewsPage(
                    title=f"Tin {n:02d}", slug=f"tin-{n:02d}", date=dt.date(2027, 1, 1 + n)
                )
            )
        with CaptureQueriesContext(connection) as many:
            channel = self.get_xml("/tin-tuc/rss.xml", "application/rss+xml").find("channel")
        self.assertLessEqual(len(many), len(three))
        titles = [item.findtext("title") for item in channel.findall("item")]
        self.assertEqual(titles, [f"Tin {n:02d}" for n in range(FEED_ITEMS + 2, 2, -1)])

    def test_feeds_answer_get_and_head_only(self):
        for url in ("/tin-tuc/rss.xml", "/tin-tuc/atom.xml"):
            self.assertEqual(self.client.head(url).status_code, 200)
            self.assertEqual(self.client.post(url).status_code, 405)

    def test_feed_without_a_news_index_is_empty_not_an_error(self):
        NewsPage.objects.all().delete()
        self.index.delete()
        channel = self.get_xml("/tin-tuc/rss.xml", "application/rss+xml").find("channel")
        self.assertEqual(channel.findall("item"), [])
