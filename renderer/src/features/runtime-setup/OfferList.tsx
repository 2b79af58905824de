// Packs that can be installed (from the mirror, beside the app, or at a path), each with
// what it needs on disk and why it cannot be installed here, if it cannot.
import { describeMachine, type PackOffer } from '../../../../electron/common/contract/runtimes';
import { sizeText } from './format';
import { useRuntimeSetup } from './runtime-setup-store';

export function OfferList({
  offers,
  freeBytes,
  download,
}: {
  offers: PackOffer[];
  freeBytes: number | null;
  download: boolean;
}) {
  const installPack = useRuntimeSetup((s) => s.installPack);
  if (offers.length === 0) return null;
  return (
    <ul className="runtime-offers">
      {offers.map((offer) => {
        const m = offer.manifest;
        const label = `${m.name} ${m.version}`;
        return (
          <li
            key={`${offer.from}|${m.name}|${m.os}|${m.arch}`}
            className="runtime-offer"
            data-testid="runtime-offer"
          >
            <div>
              <strong>{label}</strong>{' '}
              <span className="muted">
                pychrono {m.pychrono}, Python {m.python}, {describeMachine(m)}
                {m.flavour ? `, ${m.flavour}` : ''}
              </span>
              <div className="muted" data-testid="runtime-offer-size">
                {sizeText(m, download, freeBytes)}
              </div>
              {offer.problem && <div className="runtime-error">{offer.problem}</div>}
            </div>
            <button
              type="button"
              className="button primary"
              disabled={offer.problem !== null}
              onClick={() => void installPack(offer.from, m.name, label)}
            >
              {offer.installed ? 'Use it' : download ? 'Download and install' : 'Install'}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
