DROP TABLE search_followers;
DROP TABLE search_feed;
