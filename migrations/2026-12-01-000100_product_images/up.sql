-- Product images (消费扶贫): up to six per product, uploaded by its seller. The bytes live in the media
-- store, re-encoded to JPEG without metadata, under keys the server makes from the image's random id
-- (`product/<uuid>/display.jpg`, `…/thumb.jpg`); they are served publicly under `/media/`.

CREATE TABLE product_images (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES products (id),
    -- Order of upload within the product: the first is the product's picture in lists.
    position integer NOT NULL CHECK (position >= 0),
    display_key text NOT NULL,
    thumb_key text NOT NULL,
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    -- SHA-256 (hex) of the stored display-size bytes, as recorded on the audit chain.
    sha256 text NOT NULL CHECK (char_length(sha256) = 64),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (product_id, position)
);
