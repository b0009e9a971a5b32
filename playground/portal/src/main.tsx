import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { AcceptInvitationPage } from './pages/AcceptInvitation';
import { JoinPage } from './pages/Join';
import { MembersPage } from './pages/Members';
import { MyOrganizationsPage } from './pages/MyOrganizations';
import { SignInPage } from './pages/SignIn';
import { useSession } from './session';
import './styles.css';

/** Signed-in pages send everyone else to sign in, and back here afterwards. */
function SignedIn({ children }: { children: JSX.Element }) {
  const session = useSession();
  if (!session) {
    const next = window.location.pathname.replace(/^\/portal/, '') || '/';
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

function App() {
  return (
    <BrowserRouter basename="/portal">
      <Layout>
        <Routes>
          <Route path="/" element={<Navigate to="/organizations" replace />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
          <Route path="/join" element={<JoinPage />} />
          <Route
            path="/organizations"
            element={
              <SignedIn>
                <MyOrganizationsPage />
              </SignedIn>
            }
          />
          <Route
            path="/organizations/:org/members"
            element={
              <SignedIn>
                <MembersPage />
              </SignedIn>
            }
          />
          <Route path="*" element={<p>This page does not exist.</p>} />
        </Routes>
      </Layout>
    </BrowserRouter>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
);
